namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Names an original sale on the terminal that made it. <see cref="LocalDate"/> is optional on the wire:
/// when absent, the newest sale with that STAN in that batch is meant.
/// </summary>
public sealed record OriginalSaleKey(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly? LocalDate);
