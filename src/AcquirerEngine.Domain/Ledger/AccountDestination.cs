namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// Whether the account is at the acquirer's own bank (internal transfer) or another bank (HVPS/BEPS/IBPS).
/// Same values as Channels.PayoutDestination so a grain maps it with a cast; the ledger keeps its own enum
/// because it must not depend on the channel rules.
/// </summary>
public enum AccountDestination
{
    Unspecified = 0,
    SameBank = 1,
    Interbank = 2,
}
