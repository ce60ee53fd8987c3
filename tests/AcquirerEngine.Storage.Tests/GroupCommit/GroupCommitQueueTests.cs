using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.GroupCommit;
using Xunit.Abstractions;

namespace AcquirerEngine.Storage.Tests.GroupCommit;

/// <summary>
/// The group-commit loop of a blocking store runs on a thread of its own: every batch on that one thread (never a pool
/// worker), no queued write left waiting after the loop fell asleep, queued writes committed by disposal, and a failed
/// batch failing only its own writes. The thread-pool loop (PostgreSQL's) stays on the pool.
/// </summary>
public sealed class GroupCommitQueueTests(ITestOutputHelper output)
{
    private const string ThreadName = "test-writer";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_blocking_store_commits_every_batch_on_one_thread_of_its_own()
    {
        var threads = new List<(int Id, string? Name, bool Pooled)>();
        var queue = GroupCommitQueue.OnOwnThread(maxWriteBatch: 8, queueCapacity: 64, batch =>
        {
            lock (threads)
            {
                threads.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));
            }

            SucceedAll(batch);
        }, ThreadName);

        await using (queue)
        {
            // Rounds apart, so the loop sleeps between them and is woken for each.
            for (var round = 0; round < 5; round++)
            {
                await Task.WhenAll(Enumerable.Range(0, 3).Select(i => queue.EnqueueAsync(Write(round, i), CancellationToken.None))).WaitAsync(Patience);
                await Task.Delay(20);
            }
        }

        Assert.InRange(threads.Count, 5, 15);
        Assert.Single(threads.Select(t => t.Id).Distinct());
        Assert.All(threads, t => Assert.Equal(ThreadName, t.Name));
        Assert.All(threads, t => Assert.False(t.Pooled));
    }

    [Fact]
    public async Task No_write_is_left_waiting_when_callers_come_and_go_around_the_loops_sleep()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        const int Callers = 4;
        const int WritesEach = 400;
        const int MaxBatch = 5;
        var applied = new int[Callers * WritesEach];
        var largestBatch = 0;
        var queue = GroupCommitQueue.OnOwnThread(MaxBatch, queueCapacity: 16, batch =>
        {
            largestBatch = Math.Max(largestBatch, batch.Count);
            foreach (var write in batch.Writes)
            {
                Interlocked.Increment(ref applied[write.Write.ExpectedVersion]);
            }

            SucceedAll(batch);
        }, ThreadName);

        await using (queue)
        {
            var callers = Enumerable.Range(0, Callers).Select(caller => Task.Run(async () =>
            {
                // Each caller mixes awaited writes (the loop often idles and sleeps between them), bursts, and short
                // pauses, so writes keep arriving just before, during and just after the loop goes to sleep.
                var random = new Random(seed + caller);
                var burst = new List<Task<long>>();
                for (var i = 0; i < WritesEach; i++)
                {
                    burst.Add(queue.EnqueueAsync(Write(caller * WritesEach + i), CancellationToken.None));
                    switch (random.Next(4))
                    {
                        case 0:
                            await Task.WhenAll(burst).WaitAsync(Patience);
                            burst.Clear();
                            break;
                        case 1:
                            Thread.SpinWait(random.Next(1, 2_000));
                            break;
                        case 2:
                            await Task.Yield();
                            break;
                    }
                }

                await Task.WhenAll(burst).WaitAsync(Patience);
            }));
            await Task.WhenAll(callers).WaitAsync(Patience);
        }

        Assert.All(applied, count => Assert.Equal(1, count));
        Assert.InRange(largestBatch, 1, MaxBatch);
    }

    [Fact]
    public async Task Disposal_commits_the_writes_already_queued_and_ends_the_thread()
    {
        using var firstBatchTaken = new ManualResetEventSlim();
        using var releaseFirstBatch = new ManualResetEventSlim();
        Thread? writer = null;
        var queue = GroupCommitQueue.OnOwnThread(maxWriteBatch: 4, queueCapacity: 64, batch =>
        {
            writer ??= Thread.CurrentThread;
            firstBatchTaken.Set();
            releaseFirstBatch.Wait();
            SucceedAll(batch);
        }, ThreadName);

        var first = queue.EnqueueAsync(Write(0), CancellationToken.None);
        Assert.True(firstBatchTaken.Wait(Patience));
        var queued = Enumerable.Range(1, 10).Select(i => queue.EnqueueAsync(Write(i), CancellationToken.None)).ToList();
        Assert.Equal(10, queue.Queued);

        var disposed = queue.DisposeAsync().AsTask();
        Assert.False(disposed.IsCompleted);
        releaseFirstBatch.Set();
        await disposed.WaitAsync(Patience);

        Assert.Equal(0, await first);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), await Task.WhenAll(queued));
        Assert.True(writer!.Join(Patience));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => queue.EnqueueAsync(Write(11), CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_batch_fails_its_own_writes_and_the_thread_serves_the_next()
    {
        var batches = 0;
        var threads = new HashSet<int>();
        await using var queue = GroupCommitQueue.OnOwnThread(maxWriteBatch: 4, queueCapacity: 64, batch =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            if (++batches == 1)
            {
                throw new IOException("disk I/O error");
            }

            SucceedAll(batch);
        }, ThreadName);

        var failed = await Assert.ThrowsAsync<IOException>(() => queue.EnqueueAsync(Write(1), CancellationToken.None).WaitAsync(Patience));
        Assert.Equal("disk I/O error", failed.Message);
        Assert.Equal(2, await queue.EnqueueAsync(Write(2), CancellationToken.None).WaitAsync(Patience));
        Assert.Single(threads);
    }

    [Fact]
    public async Task An_asynchronous_store_keeps_its_loop_on_the_thread_pool()
    {
        var pooled = new List<bool>();
        await using var queue = GroupCommitQueue.OnThreadPool(maxWriteBatch: 4, queueCapacity: 64, async batch =>
        {
            pooled.Add(Thread.CurrentThread.IsThreadPoolThread);
            await Task.Yield();
            SucceedAll(batch);
        });

        Assert.Equal(7, await queue.EnqueueAsync(Write(7), CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(8, await queue.EnqueueAsync(Write(8), CancellationToken.None).WaitAsync(Patience));
        Assert.NotEmpty(pooled);
        Assert.All(pooled, Assert.True);
    }

    [Fact]
    public void A_loop_thread_needs_a_name()
    {
        Assert.Throws<ArgumentException>(() => GroupCommitQueue.OnOwnThread(1, 1, _ => { }, " "));
    }

    // The write's expected version doubles as its identity: the applier answers it as the new version.
    private static GrainStateWrite Write(int round, int index) => Write(round * 100 + index);

    private static GrainStateWrite Write(int id) => new(new GrainId("terminal", $"t{id}"), id, [1], []);

    private static void SucceedAll(GroupCommitBatch batch)
    {
        foreach (var write in batch.Writes)
        {
            write.Succeed(write.Write.ExpectedVersion);
        }
    }
}
