namespace AcquirerEngine.LoadTests.Stats;

/// <summary>A step's results at one moment (the end of a run, or a progress tick).</summary>
public sealed record StepSnapshot(
    string Name,
    long Ok,
    long Failed,
    IReadOnlyDictionary<string, long> Statuses,
    LatencySummary Latency,
    double Rps,
    long BytesSent,
    long BytesReceived,
    IReadOnlyList<SecondSample> Series)
{
    public long Total => Ok + Failed;

    /// <summary>Failed calls as a percentage of all calls (0 when nothing ran).</summary>
    public double FailPercent => Total == 0 ? 0 : 100.0 * Failed / Total;
}
