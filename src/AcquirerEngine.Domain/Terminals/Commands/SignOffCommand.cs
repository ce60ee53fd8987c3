namespace AcquirerEngine.Domain.Terminals;

/// <summary>0820: closes the session.</summary>
public sealed record SignOffCommand(string MerchantId, string TerminalId)
    : TerminalCommand(MerchantId, TerminalId);
