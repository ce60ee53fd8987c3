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

    /// <summary>Sign-on stamped with the host clock, so the batch it opens has a known start (batch age alert).</summary>
    /// <param name="hostLocalTime">The host clock in the acquirer's time zone, read by the caller.</param>
    public Validated<SignOnCommand> ValidateSignOn(TerminalSessionInput input, DateTime hostLocalTime)
    {
        var validated = ValidateSignOn(input);
        var local = HostLocal(hostLocalTime);
        return validated.IsValid ? Validated<SignOnCommand>.Valid(validated.Value with { HostLocalTime = local }) : validated;
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

    /// <summary>0220. Fields: original.*, batch_no, stan, amount_minor, local_time.</summary>
    public Validated<RefundCommand> ValidateRefund(RefundRequestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var original = OriginalKey(input.Original, WireFields.Original, errors);
        var batchNo = FieldRules.SixDigitNumber(input.BatchNo, WireFields.BatchNo, errors);
        var stan = FieldRules.SixDigitNumber(input.Stan, WireFields.Stan, errors);
        var amount = FieldRules.AmountMinor(input.AmountMinor, _policy.MaxAmountMinor, WireFields.AmountMinor, errors);
        var localTime = FieldRules.LocalTime(input.LocalTime, WireFields.LocalTime, errors);
        return Result(errors, () => new RefundCommand(original!, batchNo, stan, amount, localTime));
    }

    /// <summary>0500. Fields: merchant_id, terminal_id, batch_no, totals (required) and totals.*.</summary>
    /// <param name="hostLocalTime">The host clock in the acquirer's time zone, read by the caller; the close time.</param>
    public Validated<SettleBatchCommand> ValidateSettleBatch(SettleBatchRequestInput input, DateTime hostLocalTime)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.MerchantId, errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.TerminalId, errors);
        var batchNo = FieldRules.SixDigitNumber(input.BatchNo, WireFields.BatchNo, errors);
        var totals = Totals(input.Totals, errors);
        var local = HostLocal(hostLocalTime);
        return Result(errors, () => new SettleBatchCommand(merchantId, terminalId, batchNo, totals!, local));
    }

    /// <summary>
    /// 0320. Fields: merchant_id, terminal_id, batch_no, and per record "records[i].*" with the Sale rules.
    /// A record's merchant_id, terminal_id and batch_no may be empty (meaning the upload's own) but never
    /// different; two records with the same STAN and local date are refused, since one identity has one sale.
    /// </summary>
    /// <param name="hostLocalTime">The host clock in the acquirer's time zone, read by the caller; the close time.</param>
    public Validated<UploadBatchCommand> ValidateUploadBatch(UploadBatchRequestInput input, DateTime hostLocalTime)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<ValidationError>();
        var merchantId = FieldRules.MerchantId(input.MerchantId, WireFields.MerchantId, errors);
        var terminalId = FieldRules.TerminalId(input.TerminalId, WireFields.TerminalId, errors);
        var batchNo = FieldRules.SixDigitNumber(input.BatchNo, WireFields.BatchNo, errors);
        var records = new List<UploadedSaleRecord>();
        var firstIndexOfIdentity = new Dictionary<(uint Stan, DateOnly Date), int>();
        var inputs = input.Records ?? [];
        for (var i = 0; i < inputs.Count; i++)
        {
            var record = UploadedRecord(inputs[i], WireFields.Indexed(WireFields.Records, i), merchantId, terminalId, batchNo, errors);
            if (record is null)
            {
                continue;
            }

            if (firstIndexOfIdentity.TryGetValue((record.Stan, record.LocalDate), out var first))
            {
                var field = WireFields.Nested(WireFields.Indexed(WireFields.Records, i), WireFields.Stan);
                errors.Add(new ValidationError(
                    field,
                    $"{field} and local date repeat {WireFields.Indexed(WireFields.Records, first)}: one sale identity, one record"));
                continue;
            }

            firstIndexOfIdentity.Add((record.Stan, record.LocalDate), i);
            records.Add(record);
        }

        var local = HostLocal(hostLocalTime);
        return Result(errors, () => new UploadBatchCommand(merchantId, terminalId, batchNo, records, local));
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

    private static BatchSettlementTotals? Totals(BatchTotalsInput? input, List<ValidationError> errors)
    {
        if (input is null)
        {
            errors.Add(new ValidationError(WireFields.Totals, $"{WireFields.Totals} is required"));
            return null;
        }

        var saleCountField = WireFields.Nested(WireFields.Totals, WireFields.SaleCount);
        var saleAmountField = WireFields.Nested(WireFields.Totals, WireFields.SaleAmountMinor);
        var refundCountField = WireFields.Nested(WireFields.Totals, WireFields.RefundCount);
        var refundAmountField = WireFields.Nested(WireFields.Totals, WireFields.RefundAmountMinor);
        var saleCount = FieldRules.TotalsCount(input.SaleCount, saleCountField, errors);
        var saleAmount = FieldRules.TotalsAmountMinor(input.SaleAmountMinor, saleAmountField, errors);
        FieldRules.CountMatchesAmount(saleCount, saleAmount, saleAmountField, saleCountField, errors);
        var refundCount = FieldRules.TotalsCount(input.RefundCount, refundCountField, errors);
        var refundAmount = FieldRules.TotalsAmountMinor(input.RefundAmountMinor, refundAmountField, errors);
        FieldRules.CountMatchesAmount(refundCount, refundAmount, refundAmountField, refundCountField, errors);
        return new BatchSettlementTotals(saleCount, saleAmount, refundCount, refundAmount);
    }

    /// <summary>One upload record, its errors named "records[i].field"; null when any of its fields failed.</summary>
    private UploadedSaleRecord? UploadedRecord(
        SaleRequestInput? input,
        string prefix,
        string merchantId,
        string terminalId,
        uint batchNo,
        List<ValidationError> errors)
    {
        if (input is null)
        {
            errors.Add(new ValidationError(prefix, $"{prefix} is required"));
            return null;
        }

        var before = errors.Count;
        SameAsUpload(input.MerchantId, merchantId, prefix, WireFields.MerchantId, errors);
        SameAsUpload(input.TerminalId, terminalId, prefix, WireFields.TerminalId, errors);
        if (input.BatchNo != 0 && input.BatchNo != batchNo)
        {
            var field = WireFields.Nested(prefix, WireFields.BatchNo);
            errors.Add(new ValidationError(field, $"{field} must be empty or equal {WireFields.BatchNo}"));
        }

        var stan = FieldRules.SixDigitNumber(input.Stan, WireFields.Nested(prefix, WireFields.Stan), errors);
        var amount = FieldRules.AmountMinor(input.AmountMinor, _policy.MaxAmountMinor, WireFields.Nested(prefix, WireFields.AmountMinor), errors);
        var currency = FieldRules.Currency(input.Currency, _policy.AcceptedCurrencies, WireFields.Nested(prefix, WireFields.Currency), errors);
        var cardType = FieldRules.CardType(input.CardType, WireFields.Nested(prefix, WireFields.CardType), errors);
        var cardToken = FieldRules.CardToken(input.CardToken, WireFields.Nested(prefix, WireFields.CardToken), errors);
        var localTime = FieldRules.LocalTime(input.LocalTime, WireFields.Nested(prefix, WireFields.LocalTime), errors);
        return errors.Count > before
            ? null
            : new UploadedSaleRecord(stan, amount, currency!.AlphabeticCode, cardType, cardToken, localTime);
    }

    private static void SameAsUpload(string? value, string uploadValue, string prefix, string name, List<ValidationError> errors)
    {
        if (!string.IsNullOrEmpty(value) && !string.Equals(value, uploadValue, StringComparison.Ordinal))
        {
            var field = WireFields.Nested(prefix, name);
            errors.Add(new ValidationError(field, $"{field} must be empty or equal {name}"));
        }
    }

    /// <summary>A UTC clock would stamp records with the wrong wall time: the caller must convert first.</summary>
    private static DateTime HostLocal(DateTime hostLocalTime)
    {
        Invariant.Require(hostLocalTime.Kind != DateTimeKind.Utc, "host time must be local to the acquirer, not UTC");
        return DateTime.SpecifyKind(hostLocalTime, DateTimeKind.Unspecified);
    }

    /// <summary>The command is built only when no field failed, so it never holds a placeholder value.</summary>
    private static Validated<T> Result<T>(List<ValidationError> errors, Func<T> build)
        where T : class =>
        errors.Count > 0 ? Validated<T>.Invalid(errors) : Validated<T>.Valid(build());
}
