namespace AcquirerEngine.Domain.Ledger;

/// <summary>The merchant's settlement account kind. Class II personal accounts carry an inbound daily limit.</summary>
public enum AccountType
{
    Unspecified = 0,
    Corporate = 1,
    Personal = 2,
    ClassII = 3,
}
