using System.Net;
using AcquirerEngine.Cluster.Routing;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Placement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>
/// One cluster node in this process: a grain runtime placed by a <see cref="ClusterNode"/>, serving the
/// node-to-node service on its own Kestrel port and calling the others through <see cref="GrpcRemoteGrainInvoker"/>.
/// Nodes share one store (in memory here: placement and routing are under test, not the store).
/// </summary>
public sealed class RoutedNode : IAsyncDisposable
{
    public const string NodeToken = "test-node-token-0123456789";

    private readonly WebApplication _app;
    private readonly GrpcRemoteGrainInvoker _invoker;

    private RoutedNode(string name, string address, WebApplication app, GrainRuntime runtime, ClusterNode membership, GrpcRemoteGrainInvoker invoker)
    {
        Name = name;
        Address = address;
        _app = app;
        Runtime = runtime;
        Membership = membership;
        _invoker = invoker;
    }

    public string Name { get; }

    public string Address { get; }

    public GrainRuntime Runtime { get; }

    public ClusterNode Membership { get; }

    public IGrainFactory Grains => Runtime.GrainFactory;

    public static async Task<RoutedNode> StartAsync(
        string name, NpgsqlDataSource dataSource, InMemoryGrainStorage storage, InMemoryReminderTable reminders, int shards)
    {
        ListenOptions? listen = null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), l => listen = l));
        var app = builder.Build();

        var runtime = new GrainRuntimeBuilder()
            .UseStorage(storage)
            .UseReminderTable(reminders)
            .AddGrain<ITallyGrain, TallyGrain>("tally", () => new TallyGrain(name))
            .Build();
        var registry = new GrpcServiceRegistry().AddService(GrpcServiceDescriptors.ClusterService, new ClusterGrainService(runtime, NodeToken));
        app.UseGrpcServices(registry);
        await app.StartAsync();
        var address = $"127.0.0.1:{listen!.IPEndPoint!.Port}";

        var shardMap = new AcquirerEngine.Cluster.Placement.ShardMap(shards);
        var membership = new ClusterNode(dataSource, new ClusterNodeOptions
        {
            NodeId = name,
            Address = address,
            ShardCount = shards,
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            DeadAfter = TimeSpan.FromMilliseconds(1500),
            LeaseDuration = TimeSpan.FromMilliseconds(1500),
            MaxReleasesPerRound = 2,
        }, new RuntimeShardOwnershipHandler(runtime, shardMap));
        var invoker = new GrpcRemoteGrainInvoker(NodeToken);
        runtime.UsePlacement(new ClusterGrainPlacement(membership, address), invoker, new GrainPlacementOptions { UnownedWait = TimeSpan.FromSeconds(5) });
        await runtime.StartAsync(CancellationToken.None);
        await membership.JoinAsync(CancellationToken.None);
        return new RoutedNode(name, address, app, runtime, membership, invoker);
    }

    public async ValueTask DisposeAsync()
    {
        await Membership.DisposeAsync();
        await Runtime.DisposeAsync();
        await _app.DisposeAsync();
        _invoker.Dispose();
    }
}
