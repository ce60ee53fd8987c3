namespace AcquirerEngine.Domain.Terminals;

/// <summary>Whether a merchant may read a terminal's transactions.</summary>
public enum TerminalAccess
{
    Granted,

    /// <summary>No such terminal: it was never registered.</summary>
    NotRegistered,

    /// <summary>The terminal exists but belongs to another merchant.</summary>
    MerchantMismatch,
}
