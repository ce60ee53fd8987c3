namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// A validated request addressed to one terminal. Commands are built by the validator from wire input;
/// the decider trusts their field formats and asserts them as invariants.
/// </summary>
public abstract record TerminalCommand(string MerchantId, string TerminalId);
