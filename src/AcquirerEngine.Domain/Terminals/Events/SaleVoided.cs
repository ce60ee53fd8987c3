using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>An approved sale of the open batch was voided for its full amount; it will not be cleared.</summary>
public sealed record SaleVoided(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly LocalDate,
    long AmountMinor,
    uint VoidStan,
    string VoidRrn)
    : TerminalEvent(MerchantId, TerminalId)
{
    /// <summary>
    /// The host's local time the void was recorded at, stamped only on the journal record of a terminal that
    /// forwards it to the merchant (the decider leaves it null): the forwarded fact needs that time, and with it
    /// in the record the turn appends like a sale instead of writing the whole state. Records written without
    /// it read back as null (and are left out when null, so they are written exactly as before).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? RecordedAtLocal { get; init; }

    public override string RecordId => RecordIds.Void(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
