namespace AcquirerEngine.Domain.Terminals;

/// <summary>Operator provisioning: binds a terminal to its merchant. Not a terminal wire operation.</summary>
public sealed record RegisterTerminalCommand(string MerchantId, string TerminalId)
    : TerminalCommand(MerchantId, TerminalId);
