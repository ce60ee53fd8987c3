namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A transaction's value date computed again (R3) from its clearing date, the merchant's cycle and the
/// calendar as loaded now. <paramref name="Provisional"/> is true while a year it needs is still not loaded.
/// </summary>
public sealed record RecomputedValueDate(string TransactionId, DateOnly ValueDate, bool Provisional);
