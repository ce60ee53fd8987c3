namespace AcquirerEngine.Runtime.Tests;

/// <summary>The tracker counts without a global lock; idle must still be signalled exactly when the count reaches zero.</summary>
public sealed class WorkTrackerTests
{
    [Fact]
    public async Task Waiters_are_released_only_when_work_begun_on_many_threads_has_all_ended()
    {
        var tracker = new WorkTracker();
        tracker.Begin();
        var idle = tracker.WaitForIdleAsync(CancellationToken.None);

        // Many threads begin and end work while one unit stays open: the count touches 1 again and again but never 0.
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                tracker.Begin();
                tracker.End();
            }
        })).ToArray();
        await Wait.Bounded(Task.WhenAll(workers));

        Assert.False(idle.IsCompleted);
        Assert.Equal(1, tracker.Pending);

        tracker.End();
        await Wait.Bounded(idle);
        Assert.Equal(0, tracker.Pending);
        Assert.True(tracker.WaitForIdleAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Waiters_at_every_moment_of_concurrent_work_are_all_released_once_it_ends()
    {
        var tracker = new WorkTracker();
        var waiters = new List<Task>();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                tracker.Begin();
                tracker.End();
            }
        })).ToArray();
        while (!workers.All(w => w.IsCompleted))
        {
            waiters.Add(tracker.WaitForIdleAsync(CancellationToken.None));
            await Task.Yield();
        }

        await Wait.Bounded(Task.WhenAll(workers));
        await Wait.Bounded(Task.WhenAll(waiters));
        Assert.Equal(0, tracker.Pending);
    }

    [Fact]
    public void Ending_more_work_than_was_begun_is_refused()
    {
        var tracker = new WorkTracker();
        tracker.Begin();
        tracker.End();

        Assert.Throws<InvalidOperationException>(tracker.End);
    }
}
