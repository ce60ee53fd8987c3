namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>Something that happens to the engine mid-run, <see cref="At"/> after the measured part starts (a maintenance window opens, the clock passes 23:00).</summary>
public sealed record ScenarioEvent(TimeSpan At, string Name, Func<TradingFloor, CancellationToken, Task> Action);
