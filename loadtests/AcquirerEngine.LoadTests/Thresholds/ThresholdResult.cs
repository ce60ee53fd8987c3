namespace AcquirerEngine.LoadTests.Thresholds;

/// <summary>A threshold checked against a run: the measured value (microseconds for latencies) and whether it held.</summary>
public sealed record ThresholdResult(string Threshold, string Scope, double Actual, bool Passed, string Detail);
