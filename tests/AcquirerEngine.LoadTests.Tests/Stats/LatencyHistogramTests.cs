using AcquirerEngine.LoadTests.Stats;
using Xunit.Abstractions;

namespace AcquirerEngine.LoadTests.Tests.Stats;

public sealed class LatencyHistogramTests(ITestOutputHelper output)
{
    private static readonly double[] Percentiles = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

    [Theory]
    [InlineData(20261122)]
    [InlineData(42)]
    [InlineData(7)]
    public void Percentiles_AreWithinTheStatedRelativeErrorOfTheExactSortedArrayPercentiles(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var values = Enumerable.Range(0, 50_000).Select(_ => LogNormalMicros(random)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var value in values)
        {
            histogram.Record(value);
        }

        Array.Sort(values);
        foreach (var percentile in Percentiles)
        {
            var exact = NearestRank(values, percentile);
            var read = histogram.ValueAt(percentile);
            Assert.True(
                Math.Abs(read - exact) <= (exact * LatencyHistogram.RelativeError) + 0.5,
                $"p{percentile}: histogram {read}, exact {exact} (seed {seed})");
        }

        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values.Average(v => (double)v), histogram.Mean, 6);
    }

    [Fact]
    public void SmallValues_AreCountedExactly()
    {
        var histogram = new LatencyHistogram();
        foreach (var value in new long[] { 5, 1, 3, 2, 4 })
        {
            histogram.Record(value);
        }

        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, new[] { 20.0, 40, 60, 80, 100 }.Select(histogram.ValueAt));
    }

    [Fact]
    public void Merging_GivesTheSamePercentilesAsRecordingEverythingInOne()
    {
        const int Seed = 99;
        output.WriteLine($"seed {Seed}");
        var random = new Random(Seed);
        var all = new LatencyHistogram();
        var left = new LatencyHistogram();
        var right = new LatencyHistogram();
        for (var i = 0; i < 20_000; i++)
        {
            var value = LogNormalMicros(random);
            all.Record(value);
            (i % 3 == 0 ? left : right).Record(value);
        }

        left.Add(right);

        Assert.Equal(Percentiles.Select(all.ValueAt), Percentiles.Select(left.ValueAt));
        Assert.Equal((all.Count, all.Min, all.Max), (left.Count, left.Min, left.Max));
        Assert.Equal(all.Mean, left.Mean, 6);
    }

    [Fact]
    public void BucketIndexes_GrowWithTheValue_AndEachMidpointFallsBackIntoItsBucket()
    {
        var previous = -1;
        for (long value = 0; value < 10_000_000; value = (value * 11 / 10) + 1)
        {
            var index = LatencyHistogram.IndexOf(value);
            Assert.True(index >= previous, $"index of {value} went down");
            Assert.Equal(index, LatencyHistogram.IndexOf(LatencyHistogram.Midpoint(index)));
            previous = index;
        }
    }

    [Fact]
    public void AnEmptyHistogram_ReadsZero()
    {
        var histogram = new LatencyHistogram();

        Assert.Equal((0L, 0L, 0.0), (histogram.ValueAt(99), histogram.Count, histogram.Mean));
    }

    private static long NearestRank(long[] sorted, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    // Latencies like a real run's: a body around 2 ms and a long tail into seconds.
    private static long LogNormalMicros(Random random)
    {
        var normal = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
        return (long)Math.Exp(Math.Log(2_000) + (1.5 * normal));
    }
}
