namespace AcquirerEngine.Domain.Ledger;

public enum FreezeResult
{
    Frozen = 1,
    AlreadyFrozen = 2,
    Unfrozen = 3,
    NotFrozen = 4,
    AccountNotConfigured = 5,
}
