using AcquirerEngine.Domain.Validation;

namespace AcquirerEngine.Domain.Merchants;

/// <summary>Field rules for operator requests about merchants; errors name the wire field.</summary>
public static class MerchantRequestValidator
{
    /// <summary>Longest merchant name kept: what a bank statement's payer field can show.</summary>
    public const int MaxNameLength = 128;

    public static Validated<OnboardMerchantCommand> ValidateOnboarding(string? merchantId, string? name)
    {
        var errors = new List<ValidationError>();
        var id = FieldRules.MerchantId(merchantId, WireFields.MerchantId, errors);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            errors.Add(new ValidationError("name", "name is required"));
        }
        else if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            errors.Add(new ValidationError("name", $"name must be at most {MaxNameLength} printable characters"));
        }

        return errors.Count > 0
            ? Validated<OnboardMerchantCommand>.Invalid(errors)
            : Validated<OnboardMerchantCommand>.Valid(new OnboardMerchantCommand(id, trimmed));
    }
}
