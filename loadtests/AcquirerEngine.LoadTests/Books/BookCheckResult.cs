namespace AcquirerEngine.LoadTests.Books;

/// <summary>What the book check found: the figures it compared and every discrepancy, in words.</summary>
public sealed record BookCheckResult(
    int Terminals,
    int Merchants,
    long SalesApproved,
    long SalesVoidedOrReversed,
    long SalesUncertain,
    long EngineTransactions,
    long CapturedMinor,
    long FeesMinor,
    int BatchesSettledBalanced,
    IReadOnlyList<string> Problems,
    PayoutCheckResult? Payouts)
{
    public bool Passed => Problems.Count == 0 && (Payouts?.Problems.Count ?? 0) == 0;
}
