namespace AcquirerEngine.Domain.Terminals;

/// <summary>0800: opens a session; the answer is the batch the terminal must use.</summary>
/// <param name="HostLocalTime">
/// Optional host clock in the acquirer's time zone, read by the caller. When given, the first sign-on into a
/// batch records when that batch started, for the "batch open too long" alert. Optional so older callers work.
/// </param>
public sealed record SignOnCommand(string MerchantId, string TerminalId, DateTime? HostLocalTime = null)
    : TerminalCommand(MerchantId, TerminalId);
