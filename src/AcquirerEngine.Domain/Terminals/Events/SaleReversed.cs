using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>An approved sale was reversed (0400): the debit is undone.</summary>
public sealed record SaleReversed(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly LocalDate,
    long AmountMinor)
    : TerminalEvent(MerchantId, TerminalId)
{
    /// <summary>
    /// The host's local time the reversal was recorded at, stamped only on the journal record of a terminal that
    /// forwards it to the merchant (the decider leaves it null): the forwarded fact needs that time, and with it
    /// in the record the turn appends like a sale instead of writing the whole state. Records written without
    /// it read back as null (and are left out when null, so they are written exactly as before).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? RecordedAtLocal { get; init; }

    public override string RecordId => RecordIds.Reversal(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
