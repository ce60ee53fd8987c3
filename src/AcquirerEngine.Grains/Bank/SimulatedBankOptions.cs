namespace AcquirerEngine.Grains.Bank;

/// <summary>
/// How the simulated bank misbehaves. Every roll is derived from (seed, payout id, attempt), so a run
/// (and its replay after a restart) is deterministic. Rates are probabilities in [0, 1].
/// </summary>
public sealed record SimulatedBankOptions
{
    public int Seed { get; init; } = 20260101;

    /// <summary>Chance that a request is lost before the bank acts on it: nothing credited, reply TimedOut.</summary>
    public double TimeoutRate { get; init; }

    /// <summary>Chance that an otherwise good credit is returned by the beneficiary bank.</summary>
    public double ReturnRate { get; init; }

    /// <summary>
    /// Chance that a credit is made but its reply is lost (reply TimedOut): the realistic case a rail must
    /// survive by retrying the same payout id. 1.0 = every first reply is lost.
    /// </summary>
    public double TimeoutAfterCreditRate { get; init; }

    /// <summary>
    /// How long an accepted credit takes to land on the account. Until then the bank answers Pending, so the
    /// payout is observably in transit. Zero (the default) credits at once. Returns are never delayed.
    /// </summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    /// <summary>Payout ids the bank remembers (credited plus returned); beyond it new payouts are returned, never dropped silently.</summary>
    public int MaxRecordedPayouts { get; init; } = 1_000_000;

    public static SimulatedBankOptions Default { get; } = new();

    public bool IsValid =>
        IsRate(TimeoutRate) && IsRate(ReturnRate) && IsRate(TimeoutAfterCreditRate) && MaxRecordedPayouts > 0 && Latency >= TimeSpan.Zero;

    private static bool IsRate(double rate) => rate is >= 0.0 and <= 1.0;
}
