namespace AcquirerEngine.Domain.Terminals;

public enum RegisterTerminalResult
{
    Registered = 1,

    /// <summary>Idempotent repeat for the same merchant: no event.</summary>
    AlreadyRegistered = 2,

    /// <summary>The terminal belongs to another merchant; moving it is an operator process, not a repeat.</summary>
    RegisteredToAnotherMerchant = 3,
}
