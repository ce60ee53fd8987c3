using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.Tests.Reporting;

public sealed class GcWindowTallyTests
{
    private static readonly DateTime Start = new(2026, 11, 22, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Each_pause_belongs_to_the_collection_started_inside_it_with_what_survived_it()
    {
        var tally = new GcWindowTally(Start);

        Collect(tally, at: 10, pauseMs: 4, depth: 0, type: 0, promoted: [1000, 0, 0, 0, 0], sizes: [10, 20, 300, 40, 5]);
        Collect(tally, at: 20, pauseMs: 6, depth: 0, type: 0, promoted: [3000, 0, 0, 0, 0], sizes: [11, 25, 300, 40, 5]);
        Collect(tally, at: 30, pauseMs: 12, depth: 1, type: 0, promoted: [2000, 500, 0, 0, 0], sizes: [12, 5, 330, 40, 5]);
        var figures = tally.Figures();

        var gen0 = figures.ByKind[GcKind.Gen0];
        Assert.Equal(2, gen0.Collections);
        Assert.Equal(0.010, gen0.PauseSeconds, 6);
        Assert.Equal(6, gen0.MaxPauseMilliseconds, 6);
        Assert.Equal(2000, gen0.PromotedBytesPerCollection);
        var gen1 = figures.ByKind[GcKind.Gen1];
        Assert.Equal(1, gen1.Collections);
        Assert.Equal(0.012, gen1.PauseSeconds, 6);
        Assert.Equal(2500, gen1.PromotedBytesPerCollection);
        Assert.Equal(0, figures.ByKind[GcKind.Gen2Blocking].Collections);
        Assert.Equal([10L, 20, 300, 40, 5], figures.GenerationBytesAfterFirst);
        Assert.Equal([12L, 5, 330, 40, 5], figures.GenerationBytesAfterLast);
        Assert.Equal(0, figures.UnattributedPauseSeconds);
    }

    [Fact]
    public void Suspension_and_marked_bytes_by_root_are_kept_per_kind_of_collection()
    {
        var tally = new GcWindowTally(Start);

        tally.Suspending(At(10));
        tally.Suspended(At(13));
        tally.Started(At(13.5), depth: 0, type: 0);
        tally.Marked(At(14), "stack", 100);
        tally.Marked(At(14.5), "older", 5000);
        tally.Ended(At(15), depth: 0);
        tally.Restarted(At(16));
        tally.Suspending(At(20));
        tally.Suspended(At(21));
        tally.Started(At(21), depth: 0, type: 0);
        tally.Marked(At(22), "older", 3000);
        tally.Ended(At(23), depth: 0);
        tally.Restarted(At(24));
        var gen0 = tally.Figures().ByKind[GcKind.Gen0];

        Assert.Equal(0.004, gen0.SuspendSeconds, 6);
        Assert.Equal(0.010, gen0.PauseSeconds, 6);
        Assert.Equal(4000, gen0.MarkedBytesPerCollectionByRoot["older"]);
        Assert.Equal(50, gen0.MarkedBytesPerCollectionByRoot["stack"]);
        Assert.Empty(tally.Figures().ByKind[GcKind.Gen1].MarkedBytesPerCollectionByRoot);
    }

    [Fact]
    public void A_background_collections_final_pause_counts_as_background_and_its_ephemeral_collections_as_their_own()
    {
        var tally = new GcWindowTally(Start);

        // The background collection starts in a short pause, lets the program run, an ephemeral collection happens
        // meanwhile, then its final mark pauses again without announcing a new collection.
        tally.Suspending(At(100));
        tally.Started(At(100.1), depth: 2, type: 1);
        tally.Restarted(At(101));
        Collect(tally, at: 110, pauseMs: 5, depth: 0, type: 2, promoted: [100, 0, 0, 0, 0], sizes: [1, 2, 3, 4, 5]);
        tally.Suspending(At(120));
        tally.Restarted(At(123));
        tally.Ended(At(124), depth: 2);
        tally.HeapAfter(At(124), [1, 2, 900, 4, 5], [0, 0, 7000, 0, 0]);
        var figures = tally.Figures();

        var background = figures.ByKind[GcKind.Gen2Background];
        Assert.Equal(1, background.Collections);
        Assert.Equal(0.004, background.PauseSeconds, 6);
        Assert.Equal(3, background.MaxPauseMilliseconds, 6);
        Assert.Equal(7000, background.PromotedBytesPerCollection);
        Assert.Equal(1, figures.ByKind[GcKind.Gen0].Collections);
        Assert.Equal(0.005, figures.ByKind[GcKind.Gen0].PauseSeconds, 6);
        Assert.Equal(0, figures.ByKind[GcKind.Gen2Blocking].Collections);
    }

    [Fact]
    public void Events_stamped_before_the_window_or_after_its_end_do_not_count_and_a_stray_pause_stays_visible()
    {
        var tally = new GcWindowTally(Start);

        Collect(tally, at: -50, pauseMs: 9, depth: 0, type: 0, promoted: [1, 0, 0, 0, 0], sizes: [1, 1, 1, 1, 1]);
        tally.Suspending(At(10));
        tally.Restarted(At(12));
        tally.EndAt(At(40));
        Collect(tally, at: 50, pauseMs: 9, depth: 2, type: 0, promoted: [1, 0, 0, 0, 0], sizes: [1, 1, 1, 1, 1]);
        var figures = tally.Figures();

        Assert.All(figures.ByKind.Values, kind => Assert.Equal(0, kind.Collections));
        Assert.Equal(0.002, figures.UnattributedPauseSeconds, 6);
        Assert.Empty(figures.GenerationBytesAfterLast);
    }

    private static void Collect(GcWindowTally tally, double at, double pauseMs, int depth, int type, long[] promoted, long[] sizes)
    {
        tally.Suspending(At(at));
        tally.Started(At(at + 0.01), depth, type);
        tally.Ended(At(at + pauseMs - 0.02), depth);
        tally.HeapAfter(At(at + pauseMs - 0.01), sizes, promoted);
        tally.Restarted(At(at + pauseMs));
    }

    private static DateTime At(double milliseconds) => Start.AddMilliseconds(milliseconds);
}
