using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>
/// An in-memory store whose commits can be held: while held, writes queue up in call order (as in the real
/// stores' group-commit queue) and their callers wait; <see cref="ReleaseAsync"/> applies them in order, each
/// caller hearing its own outcome. So a test sees what a caller is told before and after its write is durable.
/// </summary>
internal sealed class HoldingGrainStorage : IJournaledGrainStorage
{
    private readonly object _lock = new();
    private readonly List<(GrainStateWrite Write, TaskCompletionSource<long> Done)> _held = [];

    public HoldingGrainStorage(InMemoryGrainStorage inner)
    {
        Inner = inner;
    }

    public InMemoryGrainStorage Inner { get; }

    public bool Holding { get; set; }

    public int HeldCount
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    public IReadOnlyList<GrainStateWrite> HeldWrites
    {
        get
        {
            lock (_lock)
            {
                return [.. _held.Select(h => h.Write)];
            }
        }
    }

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) => Inner.ReadAsync(grainId, cancellationToken);

    public Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken) =>
        Inner.ReadStateWithTailAsync(grainId, cancellationToken);

    public Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!Holding && _held.Count == 0)
            {
                return Inner.WriteAsync(write, cancellationToken);
            }

            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _held.Add((write, done));
            return done.Task;
        }
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken) =>
        Inner.ClearAsync(grainId, expectedVersion, cancellationToken);

    /// <summary>Stops holding and applies every held write in order; returns once each caller's outcome is set.</summary>
    public Task ReleaseAsync()
    {
        lock (_lock)
        {
            // Under the lock, so a write arriving meanwhile queues behind these (callers continue asynchronously).
            Holding = false;
            foreach (var (write, done) in _held)
            {
                try
                {
                    done.SetResult(Inner.WriteAsync(write, CancellationToken.None).GetAwaiter().GetResult());
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            }

            _held.Clear();
        }

        return Task.CompletedTask;
    }
}
