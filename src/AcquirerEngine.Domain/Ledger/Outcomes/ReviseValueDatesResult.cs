namespace AcquirerEngine.Domain.Ledger;

public enum ReviseValueDatesResult
{
    /// <summary>At least one provisional value date moved or became firm.</summary>
    Revised = 1,

    /// <summary>Every recomputed date matched the ledger, or concerned money already paid or closed.</summary>
    NothingToRevise = 2,
    AccountNotConfigured = 3,
}
