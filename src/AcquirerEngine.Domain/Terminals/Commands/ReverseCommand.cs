namespace AcquirerEngine.Domain.Terminals;

/// <summary>0400: sent by the terminal after a timeout; keyed on the original only, idempotent (R8).</summary>
public sealed record ReverseCommand(OriginalSaleKey Original)
    : TerminalCommand(Original.MerchantId, Original.TerminalId);
