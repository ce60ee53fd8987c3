using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;
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

    /// <summary>Longest bank code kept (a CNAPS participant code is 12 digits).</summary>
    public const int MaxBankCodeLength = 12;

    /// <summary>Shortest and longest settlement account number accepted (digits only).</summary>
    public const int MinAccountNumberLength = 6;

    public const int MaxAccountNumberLength = 32;

    /// <summary>
    /// The full OnboardMerchantRequest: every error names its wire field ("account.bank_code",
    /// "pricing.debit_cap_minor", "cycle", ...). Unset pricing is <see cref="RateTables.Standard"/>, unset
    /// cycle is T+1, a zero quota is none and a zero first-sale threshold is the engine default.
    /// </summary>
    public static Validated<MerchantProfile> ValidateOnboarding(OnboardMerchantInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var basic = ValidateOnboarding(input.MerchantId, input.Name);
        errors.AddRange(basic.Errors);

        MerchantAccount? account = null;
        if (input.Account is null)
        {
            errors.Add(new ValidationError("account", "account is required"));
        }
        else
        {
            var bankCode = input.Account.BankCode?.Trim() ?? "";
            if (bankCode.Length == 0)
            {
                errors.Add(new ValidationError("account.bank_code", "account.bank_code is required"));
            }
            else if (bankCode.Length > MaxBankCodeLength || !bankCode.All(char.IsAsciiLetterOrDigit))
            {
                errors.Add(new ValidationError("account.bank_code", $"account.bank_code must be 1 to {MaxBankCodeLength} ASCII letters or digits"));
            }

            var number = input.Account.AccountNumber?.Trim() ?? "";
            if (number.Length == 0)
            {
                errors.Add(new ValidationError("account.account_number", "account.account_number is required"));
            }
            else if (number.Length is < MinAccountNumberLength or > MaxAccountNumberLength || !number.All(char.IsAsciiDigit))
            {
                errors.Add(new ValidationError(
                    "account.account_number", $"account.account_number must be {MinAccountNumberLength} to {MaxAccountNumberLength} digits"));
            }

            var type = (AccountType)input.Account.AccountType;
            if (type is not (AccountType.Corporate or AccountType.Personal or AccountType.ClassII))
            {
                errors.Add(new ValidationError("account.account_type", "account.account_type must be CORPORATE, PERSONAL or CLASS_II"));
            }

            account = new MerchantAccount(bankCode, number, type, input.Account.SameBank);
        }

        var pricing = RateTables.Standard;
        if (input.Pricing is { } p && (p.CreditRateCentiBps != 0 || p.DebitRateCentiBps != 0 || p.DebitCapMinor != 0))
        {
            if (p.CreditRateCentiBps > MaxRatePpm)
            {
                errors.Add(new ValidationError("pricing.credit_rate_centi_bps", $"pricing.credit_rate_centi_bps must be at most {MaxRatePpm} (10%)"));
            }

            if (p.DebitRateCentiBps > MaxRatePpm)
            {
                errors.Add(new ValidationError("pricing.debit_rate_centi_bps", $"pricing.debit_rate_centi_bps must be at most {MaxRatePpm} (10%)"));
            }

            if (p.DebitCapMinor < 0)
            {
                errors.Add(new ValidationError("pricing.debit_cap_minor", "pricing.debit_cap_minor must not be negative (0 = no cap)"));
            }

            pricing = RateTables.Standard with
            {
                Name = "Contract",
                CreditRatePpm = p.CreditRateCentiBps,
                DebitRatePpm = p.DebitRateCentiBps,
                DebitCapMinor = p.DebitCapMinor > 0 ? p.DebitCapMinor : null,
                Unverified = false,
                SourceNote = "merchant contract",
            };
        }

        var cycle = input.Cycle == 0 ? SettlementCycle.T1 : (SettlementCycle)input.Cycle;
        if (!Enum.IsDefined(cycle))
        {
            errors.Add(new ValidationError("cycle", "cycle must be T1, D1, T0, T2 or T3"));
        }

        if (input.SameDayQuotaMinor < 0)
        {
            errors.Add(new ValidationError("same_day_quota_minor", "same_day_quota_minor must not be negative (0 = no quota)"));
        }

        if (input.FirstSaleReviewThresholdMinor < 0)
        {
            errors.Add(new ValidationError(
                "risk.first_sale_review_threshold_minor", "risk.first_sale_review_threshold_minor must not be negative (0 = engine default)"));
        }

        if (errors.Count > 0)
        {
            return Validated<MerchantProfile>.Invalid(errors);
        }

        return Validated<MerchantProfile>.Valid(new MerchantProfile(
            basic.Value!.MerchantId,
            basic.Value.Name,
            account!,
            pricing,
            cycle,
            input.SameDayQuotaMinor > 0 ? input.SameDayQuotaMinor : null,
            input.FirstSaleReviewThresholdMinor > 0 ? input.FirstSaleReviewThresholdMinor : null));
    }

    /// <summary>Highest rate accepted on either card type: 10% in parts per million.</summary>
    public const uint MaxRatePpm = 100_000;
}
