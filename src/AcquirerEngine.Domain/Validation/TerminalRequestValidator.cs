using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// Turns raw terminal requests into typed commands, or into the list of field errors (all of them, in
/// wire field order). Everything here is about form; business rules live in <see cref="TerminalDecider"/>.
/// </summary>
public sealed class TerminalRequestValidator
{
    private readonly ValidationPolicy _policy;

    public TerminalRequestValidator(ValidationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Invariant.Require(
            policy.MaxAmountMinor is > 0 and <= ValidationPolicy.WireMaximumAmountMinor,
            $"max amount {policy.MaxAmountMinor} outside 1..{ValidationPolicy.WireMaximumAmountMinor}");
        _policy = policy;
    }

    public static TerminalRequestValidator Default { get; } = new(ValidationPolicy.Default);

    public Validated<RegisterTerminalCommand> ValidateRegistration(TerminalSessionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.MerchantId, errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.TerminalId, errors);
        return Result(errors, () => new RegisterTerminalCommand(merchantId, terminalId));
    }

    public Validated<SignOnCommand> ValidateSignOn(TerminalSessionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.MerchantId, errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.TerminalId, errors);
        return Result(errors, () => new SignOnCommand(merchantId, terminalId));
    }

    public Validated<SignOffCommand> ValidateSignOff(TerminalSessionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.MerchantId, errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.TerminalId, errors);
        return Result(errors, () => new SignOffCommand(merchantId, terminalId));
    }

    public Validated<SaleCommand> ValidateSale(SaleRequestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.MerchantId, errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.TerminalId, errors);
        var batchNo = FieldRules.SixDigitNumber(input.BatchNo, WireFields.BatchNo, errors);
        var stan = FieldRules.SixDigitNumber(input.Stan, WireFields.Stan, errors);
        var amount = FieldRules.AmountMinor(input.AmountMinor, _policy.MaxAmountMinor, WireFields.AmountMinor, errors);
        var currency = FieldRules.Currency(input.Currency, _policy.AcceptedCurrencies, WireFields.Currency, errors);
        var cardType = FieldRules.CardType(input.CardType, WireFields.CardType, errors);
        var cardToken = FieldRules.CardToken(input.CardToken, WireFields.CardToken, errors);
        var localTime = FieldRules.LocalTime(input.LocalTime, WireFields.LocalTime, errors);
        return Result(errors, () => new SaleCommand(
            merchantId, terminalId, batchNo, stan, amount, currency!, cardType, cardToken, localTime));
    }

    /// <param name="hostLocalTime">The host clock in the acquirer's time zone, read by the caller; names the void's RRN.</param>
    public Validated<VoidCommand> ValidateVoid(VoidRequestInput input, DateTime hostLocalTime)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var original = OriginalKey(input.Original, WireFields.Original, errors);
        var stan = FieldRules.SixDigitNumber(input.Stan, WireFields.Stan, errors);
        var amount = FieldRules.AmountMinor(input.AmountMinor, _policy.MaxAmountMinor, WireFields.AmountMinor, errors);
        // A UTC clock here would stamp the void's RRN with the wrong hour: the caller must convert first.
        Invariant.Require(hostLocalTime.Kind != DateTimeKind.Utc, "host time must be local to the acquirer, not UTC");
        var unspecified = DateTime.SpecifyKind(hostLocalTime, DateTimeKind.Unspecified);
        return Result(errors, () => new VoidCommand(original!, stan, amount, unspecified));
    }

    public Validated<ReverseCommand> ValidateReverse(ReverseRequestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var original = OriginalKey(input.Original, WireFields.Original, errors);
        return Result(errors, () => new ReverseCommand(original!));
    }

    /// <summary>A batch listing: whose terminal, which batch.</summary>
    public Validated<BatchQuery> ValidateBatchQuery(TerminalSessionInput input, uint batchNo)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.MerchantId, errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.TerminalId, errors);
        var batch = FieldRules.SixDigitNumber(batchNo, WireFields.BatchNo, errors);
        return Result(errors, () => new BatchQuery(merchantId, terminalId, batch));
    }

    /// <summary>GetTransaction's key; errors are named "key.stan" and so on.</summary>
    public Validated<OriginalSaleKey> ValidateTransactionKey(OriginalKeyInput? input)
    {
        var errors = new List<ValidationError>();
        var key = OriginalKey(input, WireFields.Key, errors);
        return Result(errors, () => key!);
    }

    private static OriginalSaleKey? OriginalKey(OriginalKeyInput? input, string prefix, List<ValidationError> errors)
    {
        if (input is null)
        {
            errors.Add(new ValidationError(prefix, $"{prefix} is required"));
            return null;
        }

        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.Nested(prefix, WireFields.MerchantId), errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.Nested(prefix, WireFields.TerminalId), errors);
        var batchNo = FieldRules.SixDigitNumber(input.BatchNo, WireFields.Nested(prefix, WireFields.BatchNo), errors);
        var stan = FieldRules.SixDigitNumber(input.Stan, WireFields.Nested(prefix, WireFields.Stan), errors);
        var localDate = FieldRules.OptionalLocalDate(input.LocalDate, WireFields.Nested(prefix, WireFields.LocalDate), errors);
        return new OriginalSaleKey(merchantId, terminalId, batchNo, stan, localDate);
    }

    /// <summary>The command is built only when no field failed, so it never holds a placeholder value.</summary>
    private static Validated<T> Result<T>(List<ValidationError> errors, Func<T> build)
        where T : class =>
        errors.Count > 0 ? Validated<T>.Invalid(errors) : Validated<T>.Valid(build());
}
