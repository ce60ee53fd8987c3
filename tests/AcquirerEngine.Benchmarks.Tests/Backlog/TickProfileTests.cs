using AcquirerEngine.Benchmarks.Backlog;

namespace AcquirerEngine.Benchmarks.Tests.Backlog;

public sealed class TickProfileTests
{
    [Fact]
    public void Ticks_are_averaged_per_tenth_in_order()
    {
        var ticks = Enumerable.Range(1, 20).Select(i => (double)i).ToList();

        Assert.Equal([1.5, 3.5, 5.5, 7.5, 9.5, 11.5, 13.5, 15.5, 17.5, 19.5], BacklogBenchmark.ByTenth(ticks));
    }

    [Fact]
    public void Fewer_than_ten_ticks_give_one_group_each_and_none_give_none()
    {
        Assert.Equal([0.25, 0.5, 1.0], BacklogBenchmark.ByTenth([0.25, 0.5, 1.0]));
        Assert.Empty(BacklogBenchmark.ByTenth([]));
    }
}
