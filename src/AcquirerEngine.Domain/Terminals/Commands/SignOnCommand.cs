namespace AcquirerEngine.Domain.Terminals;

/// <summary>0800: opens a session; the answer is the batch the terminal must use.</summary>
public sealed record SignOnCommand(string MerchantId, string TerminalId)
    : TerminalCommand(MerchantId, TerminalId);
