using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>The step an iteration turned out to be, and how it ended.</summary>
public readonly record struct StepRecord(string Step, StepOutcome Outcome);
