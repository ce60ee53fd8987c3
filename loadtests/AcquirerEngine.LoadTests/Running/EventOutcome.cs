namespace AcquirerEngine.LoadTests.Running;

/// <summary>When a scenario event ran (seconds into the measured part) and how it went.</summary>
public sealed record EventOutcome(string Name, double AtSecond, bool Ok, string Detail);
