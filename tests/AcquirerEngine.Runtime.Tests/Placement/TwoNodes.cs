using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Runtime.Tests.TestGrains;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Runtime.Tests.Placement;

/// <summary>Two runtimes ("a" and "b") over shared stores and clock, each with its own probe and placement view.</summary>
internal sealed class TwoNodes : IAsyncDisposable
{
    private TwoNodes(SimulatedTimeProvider clock, InMemoryReminderTable reminders, Node a, Node b, LoopbackInvoker network)
    {
        Clock = clock;
        Reminders = reminders;
        A = a;
        B = b;
        Network = network;
    }

    public SimulatedTimeProvider Clock { get; }

    public InMemoryReminderTable Reminders { get; }

    public Node A { get; }

    public Node B { get; }

    public LoopbackInvoker Network { get; }

    public static async Task<TwoNodes> StartAsync(GrainPlacementOptions? options = null)
    {
        var clock = new SimulatedTimeProvider(TestHost.Start) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
        var storage = new InMemoryGrainStorage(clock);
        var reminders = new InMemoryReminderTable();
        var network = new LoopbackInvoker();
        var a = Node.Create("a", clock, storage, reminders, network, options);
        var b = Node.Create("b", clock, storage, reminders, network, options);
        await a.Runtime.StartAsync(CancellationToken.None);
        await b.Runtime.StartAsync(CancellationToken.None);
        return new TwoNodes(clock, reminders, a, b, network);
    }

    public async ValueTask DisposeAsync()
    {
        await A.Runtime.DisposeAsync();
        await B.Runtime.DisposeAsync();
    }

    internal sealed record Node(string Name, GrainRuntime Runtime, TestPlacement Placement, GrainProbe Probe)
    {
        public IGrainFactory Grains => Runtime.GrainFactory;

        public static Node Create(
            string name,
            SimulatedTimeProvider clock,
            InMemoryGrainStorage storage,
            InMemoryReminderTable reminders,
            LoopbackInvoker network,
            GrainPlacementOptions? options)
        {
            var probe = new GrainProbe { ReminderTable = reminders };
            var runtime = new GrainRuntimeBuilder()
                .UseStorage(storage)
                .UseReminderTable(reminders)
                .UseTimeProvider(clock)
                .AddGrain<ICounterGrain, CounterGrain>("counter", () => new CounterGrain(probe))
                .AddGrain<IReminderGrain, ReminderGrain>("reminder", () => new ReminderGrain(probe))
                .Build();
            var placement = new TestPlacement(name);
            runtime.UsePlacement(placement, network, options);
            network.Add(name, runtime);
            return new Node(name, runtime, placement, probe);
        }
    }
}
