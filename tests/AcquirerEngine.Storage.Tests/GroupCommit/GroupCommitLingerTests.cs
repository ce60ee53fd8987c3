using System.Diagnostics;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.GroupCommit;

namespace AcquirerEngine.Storage.Tests.GroupCommit;

/// <summary>
/// A batch made only of writes no reply waits on (<see cref="WriteUrgency.MayLinger"/>) waits for company: the next
/// prompt write or reminder upsert ends the wait and shares its commit, a full batch or the linger bound commits it
/// alone, disposal commits it, and a prompt write is never held. Both loops (own thread, thread pool) behave alike.
/// </summary>
public sealed class GroupCommitLingerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // The largest bound a store accepts: a test that sees a write wait this long has seen it held.
    private static readonly TimeSpan LongLinger = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lingering_write_waits_for_the_next_prompt_write_and_shares_its_commit(bool ownThread)
    {
        var batches = new BatchLog();
        await using var queue = batches.Queue(ownThread, maxWriteBatch: 8, LongLinger);

        var lingering = queue.EnqueueAsync(Write(1, WriteUrgency.MayLinger), CancellationToken.None);
        await WaitUntilTakenAsync(queue);
        var prompt = queue.EnqueueAsync(Write(2, WriteUrgency.Prompt), CancellationToken.None);

        var versions = await Task.WhenAll(lingering, prompt).WaitAsync(Patience);
        Assert.Equal([1L, 2L], versions);
        Assert.Equal([[1L, 2L]], batches.Versions);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reminder_upserts_end_a_linger_and_share_its_commit(bool ownThread)
    {
        var batches = new BatchLog();
        await using var queue = batches.Queue(ownThread, maxWriteBatch: 8, LongLinger);

        var lingering = queue.EnqueueAsync(Write(1, WriteUrgency.MayLinger), CancellationToken.None);
        await WaitUntilTakenAsync(queue);
        var reminders = queue.EnqueueRemindersAsync([], CancellationToken.None);

        await Task.WhenAll(lingering, reminders).WaitAsync(Patience);
        Assert.Equal([(1, 1)], batches.Shapes);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_lingering_write_with_no_company_commits_alone_once_the_bound_has_passed(bool ownThread)
    {
        var linger = TimeSpan.FromMilliseconds(40);
        var batches = new BatchLog();
        await using var queue = batches.Queue(ownThread, maxWriteBatch: 8, linger);

        var started = Stopwatch.GetTimestamp();
        Assert.Equal(1, await queue.EnqueueAsync(Write(1, WriteUrgency.MayLinger), CancellationToken.None).WaitAsync(Patience));
        var waited = Stopwatch.GetElapsedTime(started);

        Assert.Equal([[1L]], batches.Versions);

        // It was held (timers may round the bound down by a tick, never by half).
        Assert.True(waited >= linger / 2, $"committed after {waited.TotalMilliseconds:0.0} ms, not held for company");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Lingering_writes_that_fill_a_batch_commit_without_waiting_out_the_bound(bool ownThread)
    {
        var batches = new BatchLog();
        await using var queue = batches.Queue(ownThread, maxWriteBatch: 2, LongLinger);

        var started = Stopwatch.GetTimestamp();
        var first = queue.EnqueueAsync(Write(1, WriteUrgency.MayLinger), CancellationToken.None);
        await WaitUntilTakenAsync(queue);
        var second = queue.EnqueueAsync(Write(2, WriteUrgency.MayLinger), CancellationToken.None);
        await Task.WhenAll(first, second).WaitAsync(Patience);

        Assert.Equal([[1L, 2L]], batches.Versions);
        Assert.True(Stopwatch.GetElapsedTime(started) < LongLinger, "a full batch waited out the linger bound");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_prompt_write_is_never_held(bool ownThread)
    {
        var batches = new BatchLog();
        await using var queue = batches.Queue(ownThread, maxWriteBatch: 8, LongLinger);

        var started = Stopwatch.GetTimestamp();
        Assert.Equal(1, await queue.EnqueueAsync(Write(1, WriteUrgency.Prompt), CancellationToken.None).WaitAsync(Patience));

        Assert.True(Stopwatch.GetElapsedTime(started) < LongLinger, "a prompt write waited out the linger bound");
        Assert.Equal([[1L]], batches.Versions);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Disposal_commits_a_lingering_write(bool ownThread)
    {
        var batches = new BatchLog();
        var queue = batches.Queue(ownThread, maxWriteBatch: 8, LongLinger);

        var lingering = queue.EnqueueAsync(Write(1, WriteUrgency.MayLinger), CancellationToken.None);
        await WaitUntilTakenAsync(queue);
        await queue.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.Equal(1, await lingering);
        Assert.Equal([[1L]], batches.Versions);
    }

    [Fact]
    public void The_linger_bound_must_be_between_zero_and_a_second()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => GroupCommitQueue.OnOwnThread(1, 1, _ => { }, "writer", TimeSpan.FromMilliseconds(-1)));
        Assert.Equal("maxLinger", negative.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupCommitQueue.OnThreadPool(1, 1, _ => Task.CompletedTask, TimeSpan.FromSeconds(2)));
    }

    /// <summary>The loop has taken everything queued (it is lingering over it, or committing it).</summary>
    private static async Task WaitUntilTakenAsync(GroupCommitQueue queue)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Patience.TotalSeconds * Stopwatch.Frequency);
        while (queue.Queued > 0)
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "the loop never took the queued write");
            await Task.Delay(1);
        }
    }

    // The write's expected version doubles as its identity: the applier answers it as the new version.
    private static GrainStateWrite Write(int id, WriteUrgency urgency) =>
        new(new GrainId("merchant", $"m{id}"), id, [1], []) { AppendOnly = true, Urgency = urgency };

    /// <summary>Records each committed batch and answers its items.</summary>
    private sealed class BatchLog
    {
        private readonly List<(long[] Versions, int Reminders)> _batches = [];

        public IReadOnlyList<long[]> Versions
        {
            get
            {
                lock (_batches)
                {
                    return [.. _batches.Select(b => b.Versions)];
                }
            }
        }

        /// <summary>(writes, reminder upserts) per batch.</summary>
        public IReadOnlyList<(int Writes, int Reminders)> Shapes
        {
            get
            {
                lock (_batches)
                {
                    return [.. _batches.Select(b => (b.Versions.Length, b.Reminders))];
                }
            }
        }

        public GroupCommitQueue Queue(bool ownThread, int maxWriteBatch, TimeSpan maxLinger) => ownThread
            ? GroupCommitQueue.OnOwnThread(maxWriteBatch, queueCapacity: 64, Apply, "linger-test-writer", maxLinger)
            : GroupCommitQueue.OnThreadPool(maxWriteBatch, queueCapacity: 64, batch => { Apply(batch); return Task.CompletedTask; }, maxLinger);

        private void Apply(GroupCommitBatch batch)
        {
            lock (_batches)
            {
                _batches.Add(([.. batch.Writes.Select(w => w.Write.ExpectedVersion)], batch.Reminders.Count));
            }

            foreach (var write in batch.Writes)
            {
                write.Succeed(write.Write.ExpectedVersion);
            }

            foreach (var reminders in batch.Reminders)
            {
                reminders.Succeed();
            }
        }
    }
}
