using AcquirerEngine.Cluster.Placement;

namespace AcquirerEngine.Cluster.Tests;

/// <summary>
/// Passes every change on to <paramref name="inner"/>, except that its first ShardAcquiredAsync throws (as when the
/// database fails while the runtime reads the shard's reminders) without passing it on.
/// </summary>
public sealed class FailingAcquisitionHandler(IShardOwnershipHandler inner) : IShardOwnershipHandler
{
    private int _calls;

    /// <summary>The lease whose acquisition failed, once one did.</summary>
    public HeldLease? Failed { get; private set; }

    public Task ShardAcquiredAsync(HeldLease lease, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            Failed = lease;
            throw new InvalidOperationException($"acquisition of shard {lease.Shard} failed (test)");
        }

        return inner.ShardAcquiredAsync(lease, cancellationToken);
    }

    public Task ShardReleasingAsync(HeldLease lease, CancellationToken cancellationToken) => inner.ShardReleasingAsync(lease, cancellationToken);

    public Task ShardLostAsync(HeldLease lease, CancellationToken cancellationToken) => inner.ShardLostAsync(lease, cancellationToken);
}
