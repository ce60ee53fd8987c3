using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>
/// Rails, the simulated bank and the alert log on a simulated clock over in-memory stores. The clock, stores,
/// reminder table and sink outlive a runtime, so <see cref="RestartAsync"/> is what a process restart looks
/// like. Times in tests are acquirer-local (Asia/Shanghai) wall times.
/// </summary>
public sealed class RailTestHost : IAsyncDisposable
{
    public const string BankKey = "simbank";

    private readonly RailTestSettings _settings;

    private RailTestHost(
        RailTestSettings settings,
        SimulatedTimeProvider clock,
        InMemoryGrainStorage storage,
        ScriptedStorage scripted,
        InMemoryReminderTable reminders,
        RecordingSink sink,
        GrainRuntime runtime)
    {
        _settings = settings;
        Clock = clock;
        Storage = storage;
        Scripted = scripted;
        Reminders = reminders;
        Sink = sink;
        Runtime = runtime;
        Local = new AcquirerClock(clock, AcquirerClock.ChinaStandardTime);
    }

    public SimulatedTimeProvider Clock { get; }

    public AcquirerClock Local { get; }

    public InMemoryGrainStorage Storage { get; }

    public ScriptedStorage Scripted { get; }

    public InMemoryReminderTable Reminders { get; }

    public RecordingSink Sink { get; }

    public GrainRuntime Runtime { get; }

    public ISimulatedBankGrain Bank => Runtime.GrainFactory.GetGrain<ISimulatedBankGrain>(BankKey);

    public IAlertGrain Alerts => Runtime.GrainFactory.GetGrain<IAlertGrain>(AlertGrain.EngineKey);

    public static Task<RailTestHost> StartAsync(DateTime startLocal, RailTestSettings? settings = null)
    {
        var utc = new AcquirerClock(TimeProvider.System, AcquirerClock.ChinaStandardTime).ToUtc(startLocal);
        var clock = new SimulatedTimeProvider(utc) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
        var storage = new InMemoryGrainStorage(clock);
        return StartAsync(settings ?? new RailTestSettings(), clock, storage, new ScriptedStorage(storage), new InMemoryReminderTable(), new RecordingSink());
    }

    public static PayoutInstruction Payout(string id, ChannelKind channel, long amountMinor = 100_00, string account = "6222000011112222", string merchant = "M100") =>
        new(
            id,
            merchant,
            amountMinor,
            "CNY",
            new PayoutAccount("ICBC", account, PayoutDestination.Interbank),
            channel,
            new DateOnly(2026, 1, 1),
            new DateTime(2026, 1, 1));

    public IBankChannelGrain Rail(ChannelKind kind) => Runtime.GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(kind));

    public Task AdvanceToLocalAsync(DateTime local) => Clock.AdvanceToAsync(Local.ToUtc(local));

    public Task AdvanceAsync(TimeSpan delta) => Clock.AdvanceAsync(delta);

    /// <summary>Stops this runtime (graceful, as at a process stop) and starts a new one over the same stores.</summary>
    public async Task<RailTestHost> RestartAsync()
    {
        await Runtime.DisposeAsync();
        return await StartAsync(_settings, Clock, Storage, Scripted, Reminders, Sink);
    }

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    private static async Task<RailTestHost> StartAsync(
        RailTestSettings settings,
        SimulatedTimeProvider clock,
        InMemoryGrainStorage storage,
        ScriptedStorage scripted,
        InMemoryReminderTable reminders,
        RecordingSink sink)
    {
        var calendars = new CalendarSource(BuiltInCalendars.ChinaMainland);
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(settings.JournaledSnapshotEvery is null ? scripted : storage)
            .UseReminderTable(reminders)
            .UseTimeProvider(clock)
            .Configure(o =>
            {
                o.IdleSweepInterval = TimeSpan.FromMinutes(10);
                o.SnapshotEvery = settings.JournaledSnapshotEvery ?? o.SnapshotEvery;
            })
            .AddGrain<IBankChannelGrain, BankChannelGrain>(
                BankChannelGrain.GrainTypeName,
                () => new BankChannelGrain(settings.Channels, calendars, sink, settings.Rail with { BankGrainKey = BankKey }))
            .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(settings.Bank))
            .AddGrain<IAlertGrain, AlertGrain>(AlertGrain.GrainTypeName, () => new AlertGrain(settings.Alerts))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return new RailTestHost(settings, clock, storage, scripted, reminders, sink, runtime);
    }
}
