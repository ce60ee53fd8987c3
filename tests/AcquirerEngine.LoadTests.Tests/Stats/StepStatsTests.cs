using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Tests.Stats;

public sealed class StepStatsTests
{
    [Fact]
    public void Snapshot_CountsStatuses_Bytes_AndBuildsThePerSecondSeriesFromEachSecondsOwnLatencies()
    {
        var stats = new StepStats("sale");
        stats.Record(StepOutcome.Success(100, 40), latencyMicros: 1_000, second: 0);
        stats.Record(StepOutcome.Success(100, 40), latencyMicros: 3_000, second: 0);
        stats.Record(StepOutcome.Failure("UNAVAILABLE", 100), latencyMicros: 50_000, second: 1);
        stats.Record(StepOutcome.Success(100, 40), latencyMicros: 9_000, second: 1);

        var snapshot = stats.Snapshot(measuredSeconds: 2);

        Assert.Equal((3L, 1L, 25.0, 2.0), (snapshot.Ok, snapshot.Failed, snapshot.FailPercent, snapshot.Rps));
        Assert.Equal(new Dictionary<string, long> { ["OK"] = 3, ["UNAVAILABLE"] = 1 }, snapshot.Statuses);
        Assert.Equal((400L, 120L), (snapshot.BytesSent, snapshot.BytesReceived));
        Assert.Equal((1_000L, 9_000L), (snapshot.Latency.MinMicros, snapshot.Latency.MaxMicros));
        Assert.Equal(2, snapshot.Series.Count);
        Assert.Equal((2L, 0L, 3_000L), (snapshot.Series[0].Ok, snapshot.Series[0].Failed, snapshot.Series[0].MaxMicros));
        Assert.Equal((1L, 1L, 9_000L), (snapshot.Series[1].Ok, snapshot.Series[1].Failed, snapshot.Series[1].P99Micros));
    }
}
