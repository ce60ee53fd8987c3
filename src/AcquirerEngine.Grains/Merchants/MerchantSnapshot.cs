namespace AcquirerEngine.Grains.Merchants;

/// <summary>A read-only copy of a merchant's state, safe to hand out of the grain's turn.</summary>
public sealed record MerchantSnapshot(string MerchantId, string Name, IReadOnlyList<string> TerminalIds);
