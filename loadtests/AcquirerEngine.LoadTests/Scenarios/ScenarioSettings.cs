namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>The knobs of a run that shape a scenario: base rate or concurrency, lengths, sizes, shares.</summary>
public sealed record ScenarioSettings
{
    /// <summary>The normal day's rate (iterations per second); peaks are multiples of it.</summary>
    public double Rate { get; init; } = 50;

    /// <summary>When set, every stage is closed-model with this many workers instead of open-model.</summary>
    public int? Concurrency { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public int Merchants { get; init; } = 50;

    public int TerminalsPerMerchant { get; init; } = 2;

    /// <summary>Simulated days of closed rails in the golden-week scenario (1-7).</summary>
    public int Days { get; init; } = 5;

    public double DuplicateShare { get; init; } = 0.02;

    public double VoidShare { get; init; } = 0.01;

    public double ReverseShare { get; init; } = 0.01;

    /// <summary>The usual mix: sales, with the configured shares of duplicate retries, voids and reversals.</summary>
    public StepMix TradingMix(double newMerchantShare = 0) =>
        new(1 - DuplicateShare - VoidShare - ReverseShare - newMerchantShare, DuplicateShare, VoidShare, ReverseShare, newMerchantShare);
}
