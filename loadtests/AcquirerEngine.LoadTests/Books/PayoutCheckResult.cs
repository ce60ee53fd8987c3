namespace AcquirerEngine.LoadTests.Books;

/// <summary>Payouts after a backlog: how many, how many paid, and how long the queue took to drain (simulated and wall time).</summary>
public sealed record PayoutCheckResult(
    int Payouts,
    int Paid,
    long PaidMinor,
    int BacklogAtReopening,
    double DrainSimulatedSeconds,
    double DrainWallSeconds,
    IReadOnlyList<string> Problems);
