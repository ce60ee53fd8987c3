using System.Net;
using AcquirerEngine.Cluster;
using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Cluster.Routing;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Server.Configuration;
using Npgsql;

namespace AcquirerEngine.Server.Hosting;

/// <summary>
/// This engine as one node of a cluster: membership and shard leases in PostgreSQL, grain calls placed by the leases
/// and carried between nodes by the internal ClusterService, and the node's calendar kept in step with the calendar
/// grain wherever it runs. Created only when AcquirerEngine:Cluster:Enabled is true.
/// </summary>
public sealed class ClusterHosting : IAsyncDisposable
{
    private const int MinimumNodeTokenLength = 16;

    private readonly ClusterSettings _settings;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ClusterNodeOptions _nodeOptions;
    private readonly GrpcRemoteGrainInvoker _invoker;
    private readonly CancellationTokenSource _stopping = new();
    private ClusterNode? _node;
    private GrainRuntime? _runtime;
    private CalendarFollower? _calendarFollower;
    private Task? _followLoop;

    private ClusterHosting(ClusterSettings settings, NpgsqlDataSource dataSource, ClusterNodeOptions nodeOptions)
    {
        _settings = settings;
        _dataSource = dataSource;
        _nodeOptions = nodeOptions;
        _invoker = new GrpcRemoteGrainInvoker(settings.NodeToken!);
    }

    /// <summary>What to tell the operator at start.</summary>
    public string Description => $"cluster node {_nodeOptions.NodeId} at {_nodeOptions.Address}, {_nodeOptions.ShardCount} shards";

    /// <summary>Null when cluster mode is off; otherwise the checked settings (InvalidOperationException naming the bad one).</summary>
    public static ClusterHosting? Create(EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cluster = settings.Cluster;
        if (!cluster.Enabled)
        {
            return null;
        }

        if (!string.Equals(settings.Storage.Provider, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("AcquirerEngine:Cluster:Enabled needs Storage:Provider=postgres: the nodes share one PostgreSQL.");
        }

        if (!string.Equals(settings.Clock.Mode, "system", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("AcquirerEngine:Cluster:Enabled runs on the real clock (Clock:Mode=system): each node keeps its own clock.");
        }

        if (string.IsNullOrWhiteSpace(cluster.NodeToken) || cluster.NodeToken.Length < MinimumNodeTokenLength || cluster.NodeToken.Any(c => c is <= ' ' or > '~'))
        {
            throw new InvalidOperationException(
                $"AcquirerEngine:Cluster:NodeToken is required in cluster mode: at least {MinimumNodeTokenLength} printable characters, the same on every node.");
        }

        var advertise = cluster.AdvertiseAddress ?? settings.Listen;
        if (!IPEndPoint.TryParse(advertise, out var endPoint) || endPoint.Port == 0
            || endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any))
        {
            throw new InvalidOperationException(
                $"AcquirerEngine:Cluster:AdvertiseAddress (or Listen) must be a host:port other nodes can reach, not '{advertise}'.");
        }

        var nodeOptions = new ClusterNodeOptions
        {
            NodeId = string.IsNullOrWhiteSpace(cluster.NodeId) ? Environment.MachineName : cluster.NodeId,
            Address = advertise,
            ShardCount = cluster.ShardCount,
            HeartbeatInterval = TimeSpan.FromSeconds(cluster.HeartbeatSeconds),
            DeadAfter = TimeSpan.FromSeconds(cluster.DeadAfterSeconds),
            LeaseDuration = TimeSpan.FromSeconds(cluster.LeaseSeconds),
            MaxReleasesPerRound = cluster.HandoverShardsPerRound,
        };
        try
        {
            nodeOptions.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"AcquirerEngine:Cluster: {ex.Message}", ex);
        }

        var builder = new NpgsqlDataSourceBuilder(settings.Storage.PostgresConnectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = 4; // membership rounds are sequential: a few connections suffice
        return new ClusterHosting(cluster, builder.Build(), nodeOptions);
    }

    /// <summary>Before the runtime starts: every grain call asks the shard leases where to run.</summary>
    public void Attach(GrainRuntime runtime, CalendarSource calendars)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _node = new ClusterNode(_dataSource, _nodeOptions, new RuntimeShardOwnershipHandler(runtime, new ShardMap(_nodeOptions.ShardCount)));
        runtime.UsePlacement(
            new ClusterGrainPlacement(_node, _nodeOptions.Address),
            _invoker,
            new GrainPlacementOptions
            {
                UnownedWait = TimeSpan.FromSeconds(_settings.HandoverWaitSeconds),

                // A terminal's grpc-timeout bounds the grain calls made for it on other nodes too.
                CallerDeadline = () => ServerCallContext.Current?.Deadline,
            });
        _calendarFollower = new CalendarFollower(runtime.GrainFactory, calendars);
    }

    public void Register(GrpcServiceRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddService(GrpcServiceDescriptors.ClusterService, new ClusterGrainService(Runtime, _settings.NodeToken!));
    }

    /// <summary>
    /// Raised when the cluster declared this node dead (it was silent longer than DeadAfter, e.g. paused): the host
    /// stops so it can be restarted as a new incarnation; its shards already belong to other nodes.
    /// </summary>
    public event Action? DeclaredDead
    {
        add => Node.DeclaredDead += value;
        remove => Node.DeclaredDead -= value;
    }

    /// <summary>
    /// After the endpoint listens: registers this node, takes its share of shards, and brings the calendar in step
    /// before the caller serves business calls (retrying while the calendar's shard finds its owner).
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await Node.StartAsync(cancellationToken);
        var deadline = DateTimeOffset.UtcNow + (_nodeOptions.LeaseDuration * 3);
        while (true)
        {
            try
            {
                await _calendarFollower!.RefreshAsync();
                break;
            }
            catch (GrainUnavailableException) when (DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(_nodeOptions.HeartbeatInterval, cancellationToken);
            }
        }

        _followLoop = Task.Run(() => FollowCalendarAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Graceful leave: hands every shard over before the runtime stops.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_followLoop is not null)
        {
            await _followLoop;
        }

        await Node.LeaveAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _invoker.Dispose();
        await _dataSource.DisposeAsync();
        _stopping.Dispose();
    }

    private ClusterNode Node => _node ?? throw new InvalidOperationException("Attach the runtime first.");

    private GrainRuntime Runtime => _runtime ?? throw new InvalidOperationException("Attach the runtime first.");

    // Another node may run the calendar grain: an operator's new year reaches this node within a heartbeat or so.
    private async Task FollowCalendarAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_nodeOptions.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await _calendarFollower!.RefreshAsync();
                }
                catch (Exception ex) when (ex is GrainUnavailableException or RemoteGrainException)
                {
                    // The calendar's shard is moving; the next tick asks again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // leaving
        }
    }
}
