using AcquirerEngine.Cluster.Placement;

namespace AcquirerEngine.Cluster.Tests;

/// <summary>Records every ownership change of every node in one ordered log, as the handler of each test node.</summary>
public sealed class OwnershipLog
{
    private readonly List<(string Node, string Change, HeldLease Lease)> _entries = [];

    public IReadOnlyList<(string Node, string Change, HeldLease Lease)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IShardOwnershipHandler For(string node) => new Handler(this, node);

    private void Add(string node, string change, HeldLease lease)
    {
        lock (_entries)
        {
            _entries.Add((node, change, lease));
        }
    }

    private sealed class Handler(OwnershipLog log, string node) : IShardOwnershipHandler
    {
        public Task ShardAcquiredAsync(HeldLease lease, CancellationToken cancellationToken)
        {
            log.Add(node, "acquired", lease);
            return Task.CompletedTask;
        }

        public Task ShardReleasingAsync(HeldLease lease, CancellationToken cancellationToken)
        {
            log.Add(node, "releasing", lease);
            return Task.CompletedTask;
        }

        public Task ShardLostAsync(HeldLease lease, CancellationToken cancellationToken)
        {
            log.Add(node, "lost", lease);
            return Task.CompletedTask;
        }
    }
}
