using AcquirerEngine.Benchmarks.Backlog;

namespace AcquirerEngine.Benchmarks.Tests.Backlog;

public sealed class DrainLagTests
{
    [Fact]
    public void Ticks_faster_than_the_period_cost_only_the_last_ticks_work()
    {
        Assert.Equal(0.2, DrainLag.OverheadSeconds([0.5, 0.9, 0.2], 1.0), 9);
    }

    [Fact]
    public void Slow_ticks_push_every_later_tick_back()
    {
        // 1.5 s of work per 1 s tick: 0.5 s lag after the first, 1.0 s after the second, then the last tick's 1.5 s.
        Assert.Equal(2.5, DrainLag.OverheadSeconds([1.5, 1.5, 1.5], 1.0), 9);
    }

    [Fact]
    public void A_fast_tick_absorbs_lag_but_never_goes_below_zero()
    {
        Assert.Equal(0.1, DrainLag.OverheadSeconds([1.4, 0.1, 0.1, 0.1], 1.0), 9);
    }

    [Fact]
    public void No_ticks_no_overhead_and_a_period_must_be_positive()
    {
        Assert.Equal(0, DrainLag.OverheadSeconds([], 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DrainLag.OverheadSeconds([0.1], 0));
    }
}
