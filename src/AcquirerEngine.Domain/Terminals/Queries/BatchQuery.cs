namespace AcquirerEngine.Domain.Terminals;

/// <summary>A validated request for one batch of one terminal.</summary>
public sealed record BatchQuery(string MerchantId, string TerminalId, uint BatchNo);
