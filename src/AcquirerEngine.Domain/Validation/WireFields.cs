namespace AcquirerEngine.Domain.Validation;

/// <summary>Wire field names (snake_case, as in terminal.proto) used in validation errors.</summary>
public static class WireFields
{
    public const string MerchantId = "merchant_id";
    public const string TerminalId = "terminal_id";
    public const string BatchNo = "batch_no";
    public const string Stan = "stan";
    public const string AmountMinor = "amount_minor";
    public const string Currency = "currency";
    public const string CardType = "card_type";
    public const string CardToken = "card_token";
    public const string LocalTime = "local_time";
    public const string LocalDate = "local_date";

    public const string Totals = "totals";
    public const string SaleCount = "sale_count";
    public const string SaleAmountMinor = "sale_amount_minor";
    public const string RefundCount = "refund_count";
    public const string RefundAmountMinor = "refund_amount_minor";

    /// <summary>The repeated sale records of UploadBatch; one record is "records[3]".</summary>
    public const string Records = "records";

    /// <summary>Prefix of the original sale's key inside Void, Reverse and Refund.</summary>
    public const string Original = "original";

    /// <summary>Prefix of the key inside GetTransaction.</summary>
    public const string Key = "key";

    /// <summary>"original" + "stan" = "original.stan".</summary>
    public static string Nested(string prefix, string field) => $"{prefix}.{field}";

    /// <summary>"records" + 3 = "records[3]": the element of a repeated field, zero-based as in the request.</summary>
    public static string Indexed(string field, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{field}[{index}]");
}
