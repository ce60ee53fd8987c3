using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Tests.TestGrains;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>
/// A runtime over a simulated clock and in-memory stores. Clock, stores and probe can be handed to a second
/// host to simulate a process restart over the same durable tables.
/// </summary>
internal sealed class TestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private TestHost(SimulatedTimeProvider clock, InMemoryGrainStorage storage, InMemoryReminderTable reminders, GrainProbe probe, GrainRuntime runtime)
    {
        Clock = clock;
        Storage = storage;
        Reminders = reminders;
        Probe = probe;
        Runtime = runtime;
    }

    public SimulatedTimeProvider Clock { get; }

    public InMemoryGrainStorage Storage { get; }

    public InMemoryReminderTable Reminders { get; }

    public GrainProbe Probe { get; }

    public GrainRuntime Runtime { get; }

    public IGrainFactory Grains => Runtime.GrainFactory;

    /// <param name="configure">Runtime options.</param>
    /// <param name="over">A host whose clock and stores this one takes over (a restart).</param>
    /// <param name="reminderTable">What the runtime writes reminders through, wrapping <see cref="Reminders"/>.</param>
    public static async Task<TestHost> StartAsync(
        Action<GrainRuntimeOptions>? configure = null, TestHost? over = null, Func<InMemoryReminderTable, IReminderTable>? reminderTable = null)
    {
        var clock = over?.Clock ?? new SimulatedTimeProvider(Start) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
        var storage = over?.Storage ?? new InMemoryGrainStorage(clock);
        var reminders = over?.Reminders ?? new InMemoryReminderTable();
        var probe = over?.Probe ?? new GrainProbe();
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(storage)
            .UseReminderTable(reminderTable?.Invoke(reminders) ?? reminders)
            .UseTimeProvider(clock)
            .Configure(o => configure?.Invoke(o))
            .AddGrain<ICounterGrain, CounterGrain>("counter", () => new CounterGrain(probe))
            .AddGrain<IChainGrain, ChainGrain>("chain", () => new ChainGrain())
            .AddGrain<IJournaledListGrain, JournaledListGrain>("journaled", () => new JournaledListGrain(probe))
            .AddGrain<ITimerGrain, TimerGrain>("timer", () => new TimerGrain(probe))
            .AddGrain<IReminderGrain, ReminderGrain>("reminder", () => new ReminderGrain(probe))
            .AddGrain<IQueuedTurnGrain, QueuedTurnGrain>("queued", () => new QueuedTurnGrain(probe))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return new TestHost(clock, storage, reminders, probe, runtime);
    }

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();
}
