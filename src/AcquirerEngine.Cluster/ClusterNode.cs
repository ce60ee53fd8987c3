using System.Diagnostics;
using AcquirerEngine.Cluster.Membership;
using AcquirerEngine.Cluster.Placement;
using Npgsql;

namespace AcquirerEngine.Cluster;

/// <summary>
/// One node's membership and shard ownership. Each round: heartbeat, apply the failure-detection rule to the others,
/// renew held leases (dropping any that were lost), then take or hand back shards per <see cref="ShardBalancer"/>.
/// Rounds run one at a time, every <see cref="ClusterNodeOptions.HeartbeatInterval"/>.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ClusterNodeOptions _options;
    private readonly IShardOwnershipHandler _handler;
    private readonly PostgresMembershipTable _members;
    private readonly PostgresShardLeaseTable _leases;
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _roundLock = new(1, 1);
    private readonly Dictionary<int, HeldLease> _held = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<int> _releasing = [];

    // Shards held whose ShardAcquiredAsync has not completed (it threw, e.g. the database failed while the runtime read
    // the shard's reminders). Each round calls it again until it does: the shard is served meanwhile, and nothing else
    // would ever load its reminders here.
    private readonly HashSet<int> _unannounced = [];
    private volatile IReadOnlyDictionary<int, long> _epochs = new Dictionary<int, long>();
    private volatile IReadOnlySet<int> _serving = new HashSet<int>();
    private volatile string?[] _directory;
    private Task? _loop;
    private long _lastRenewalStarted;
    private ClusterMember? _self;

    public ClusterNode(NpgsqlDataSource dataSource, ClusterNodeOptions options, IShardOwnershipHandler handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
        _options = options;
        _handler = handler ?? throw new ArgumentNullException(nameof(handler));
        _members = new PostgresMembershipTable(dataSource);
        _leases = new PostgresShardLeaseTable(dataSource);
        ShardMap = new ShardMap(options.ShardCount);
        _directory = new string?[options.ShardCount];
    }

    public ShardMap ShardMap { get; }

    /// <summary>This node's incarnation once started.</summary>
    public ClusterMember Self => _self ?? throw new InvalidOperationException("The node has not joined the cluster yet.");

    /// <summary>False once the cluster declared this incarnation dead or it left: it must serve nothing more.</summary>
    public bool IsMember { get; private set; }

    /// <summary>
    /// Raised (once, from the membership loop) when the cluster declared this incarnation dead: the process should
    /// stop, and come back, if at all, as a new incarnation.
    /// </summary>
    public event Action? DeclaredDead;

    /// <summary>
    /// The epoch of a shard this node holds the lease of, or null: the fencing token its writes carry. A shard being
    /// handed over keeps its epoch until the lease is released, so its grains can finish their last writes.
    /// </summary>
    public long? EpochOf(int shard) => _epochs.TryGetValue(shard, out var epoch) ? epoch : null;

    /// <summary>True when calls for the shard run here (held and not being handed over).</summary>
    public bool Serves(int shard) => _serving.Contains(shard);

    /// <summary>The address of the node that owned the shard at this node's last round, or null when none did.</summary>
    public string? OwnerAddressOf(int shard) => _directory[shard];

    public IReadOnlyCollection<int> OwnedShards => [.. _epochs.Keys];

    /// <summary>Creates the schema if needed and registers a new incarnation; <see cref="RunRoundAsync"/> then takes shards.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await ClusterSchema.EnsureAsync(_dataSource, _options.ShardCount, cancellationToken).ConfigureAwait(false);
        _self = await _members.RegisterAsync(_options.NodeId, _options.Address, cancellationToken).ConfigureAwait(false);
        IsMember = true;
    }

    /// <summary>Joins and runs rounds in the background until disposed or no longer a member.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await JoinAsync(cancellationToken).ConfigureAwait(false);
        _lastRenewalStarted = Stopwatch.GetTimestamp();
        await RunRoundAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>One membership round (public so tests drive rounds deterministically).</summary>
    public async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await _roundLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsMember)
            {
                return;
            }

            if (await _members.HeartbeatAsync(Self.Incarnation, cancellationToken).ConfigureAwait(false) == HeartbeatResult.NoLongerMember)
            {
                await LoseEverythingAsync(cancellationToken).ConfigureAwait(false);
                return;
            }

            await _members.DeclareStaleMembersDeadAsync(_options.DeadAfter, cancellationToken).ConfigureAwait(false);
            var renewalStarted = Stopwatch.GetTimestamp();
            var renewed = await _leases.RenewAsync(Self.Incarnation, [.. _held.Values], _options.LeaseDuration, cancellationToken).ConfigureAwait(false);
            foreach (var lost in _held.Values.Where(h => !renewed.Contains(h.Shard)).ToList())
            {
                Drop(lost);
                await _handler.ShardLostAsync(lost, cancellationToken).ConfigureAwait(false);
            }

            _lastRenewalStarted = renewalStarted;
            foreach (var shard in _unannounced.Order().ToList())
            {
                await AnnounceAcquiredAsync(_held[shard], cancellationToken).ConfigureAwait(false);
            }

            await RebalanceAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _roundLock.Release();
        }
    }

    /// <summary>Graceful leave: hands every shard over (deactivating its grains first), then marks the row left.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopAsync().ConfigureAwait(false);
        await _roundLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsMember)
            {
                return;
            }

            await _members.BeginLeavingAsync(Self.Incarnation, cancellationToken).ConfigureAwait(false);
            foreach (var lease in _held.Values.OrderBy(h => h.Shard).ToList())
            {
                await HandOverAsync(lease, cancellationToken).ConfigureAwait(false);
            }

            await _members.MarkLeftAsync(Self.Incarnation, cancellationToken).ConfigureAwait(false);
            IsMember = false;
        }
        finally
        {
            _roundLock.Release();
        }
    }

    /// <summary>Stops the loop without leaving: to the others this node simply goes silent (as after a crash).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _roundLock.Dispose();
    }

    private async Task RebalanceAsync(CancellationToken cancellationToken)
    {
        var live = await _members.ReadLiveAsync(cancellationToken).ConfigureAwait(false);
        var leases = await _leases.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var members = live.Select(m => new LiveMember(m.Incarnation, m.Status == MemberStatus.Leaving)).ToList();
        var owners = new long?[_options.ShardCount];
        var addresses = live.ToDictionary(m => m.Incarnation, m => m.Address);
        var directory = new string?[_options.ShardCount];
        foreach (var lease in leases)
        {
            // An expired lease is free; the database re-checks that on its own clock when the shard is taken.
            owners[lease.Shard] = lease.Expired ? null : lease.OwnerIncarnation;
            directory[lease.Shard] = owners[lease.Shard] is { } owner && addresses.TryGetValue(owner, out var address) ? address : null;
        }

        _directory = directory;

        var plan = ShardBalancer.Plan(_options.ShardCount, members, owners, Self.Incarnation, _options.MaxReleasesPerRound);
        foreach (var shard in plan.Release)
        {
            await HandOverAsync(_held[shard], cancellationToken).ConfigureAwait(false);
        }

        foreach (var shard in plan.Acquire)
        {
            if (await _leases.TryAcquireAsync(shard, Self.Incarnation, _options.LeaseDuration, cancellationToken).ConfigureAwait(false) is { } lease)
            {
                _held[shard] = lease;
                PublishEpochs();
                await AnnounceAcquiredAsync(lease, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Tells the handler the shard is held; if that throws, the next rounds tell it again.</summary>
    private async Task AnnounceAcquiredAsync(HeldLease lease, CancellationToken cancellationToken)
    {
        _unannounced.Add(lease.Shard);
        await _handler.ShardAcquiredAsync(lease, cancellationToken).ConfigureAwait(false);
        _unannounced.Remove(lease.Shard);
    }

    /// <summary>
    /// Graceful hand-over: stop taking calls (callers wait for the next owner), let the grains finish and leave while
    /// the lease still fences for this node, then release the lease so another node can take it.
    /// </summary>
    private async Task HandOverAsync(HeldLease lease, CancellationToken cancellationToken)
    {
        _releasing.Add(lease.Shard);
        PublishEpochs();
        try
        {
            await _handler.ShardReleasingAsync(lease, cancellationToken).ConfigureAwait(false);
            Drop(lease);
            await _leases.ReleaseAsync(lease, Self.Incarnation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _releasing.Remove(lease.Shard);
        }
    }

    private void Drop(HeldLease lease)
    {
        _held.Remove(lease.Shard);
        _unannounced.Remove(lease.Shard);
        PublishEpochs();
    }

    private async Task LoseEverythingAsync(CancellationToken cancellationToken)
    {
        IsMember = false;
        foreach (var lease in _held.Values.ToList())
        {
            Drop(lease);
            await _handler.ShardLostAsync(lease, cancellationToken).ConfigureAwait(false);
        }

        DeclaredDead?.Invoke();
    }

    private async Task GiveUpShardsAsync(CancellationToken cancellationToken)
    {
        await _roundLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var lease in _held.Values.ToList())
            {
                Drop(lease);
                await _handler.ShardLostAsync(lease, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _roundLock.Release();
        }
    }

    private void PublishEpochs()
    {
        _epochs = _held.Values.ToDictionary(h => h.Shard, h => h.Epoch);
        _serving = _held.Keys.Where(s => !_releasing.Contains(s)).ToHashSet();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        while (IsMember && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await RunRoundAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // The database is unreachable: keep trying. The epoch fence already refuses this node's writes once
                // another node owns a shard; but reads served from memory would go stale, so once the leases may have
                // run out (measured from the start of the last successful renewal) the shards are given up here too.
                if (Stopwatch.GetElapsedTime(_lastRenewalStarted) >= _options.LeaseDuration)
                {
                    await GiveUpShardsAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task StopLoopAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }

            _loop = null;
        }
    }
}
