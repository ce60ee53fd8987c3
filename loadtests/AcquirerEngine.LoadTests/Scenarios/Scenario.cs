using AcquirerEngine.LoadTests.Books;
using AcquirerEngine.LoadTests.Load;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>
/// A load scenario: where the simulated clock starts, how merchants are onboarded, the weighted step mix,
/// the load stages, events during the run, and what happens after the load before the books are checked
/// (e.g. let the days pass and drain a backlog of payouts).
/// </summary>
public sealed record Scenario(
    string Name,
    string Description,
    string SimulatedStartLocal,
    MerchantTerms Terms,
    Func<ScenarioSettings, StepMix> Mix,
    Func<ScenarioSettings, IReadOnlyList<LoadStage>> Stages)
{
    public Func<ScenarioSettings, IReadOnlyList<ScenarioEvent>> Events { get; init; } = _ => [];

    /// <summary>Runs after merchants are open and before the load (e.g. schedule the holiday's maintenance).</summary>
    public Func<TradingFloor, ScenarioSettings, CancellationToken, Task>? BeforeLoad { get; init; }

    /// <summary>Runs after the load; a scenario about payouts returns their check.</summary>
    public Func<TradingFloor, ScenarioSettings, CancellationToken, Task<PayoutCheckResult?>>? AfterLoad { get; init; }

    /// <summary>Whether the scenario needs the engine's simulated clock (events and after-load steps move time).</summary>
    public bool NeedsSimulatedClock { get; init; }
}
