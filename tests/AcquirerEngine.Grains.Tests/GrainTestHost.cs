using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Grains.Tests;

/// <summary>
/// A grain runtime with every product grain (terminal, merchant, calendar, rails, simulated bank, alerts) over
/// in-memory stores that outlive it (to test restarts). <see cref="StartAtAsync"/> runs it on a simulated clock
/// whose local zone is Asia/Shanghai; times in tests are acquirer-local wall times.
/// </summary>
public sealed class GrainTestHost : IAsyncDisposable
{
    public const string BankKey = "simbank";

    private readonly GrainTestSettings _settings;

    private GrainTestHost(
        GrainTestSettings settings,
        SimulatedTimeProvider? clock,
        InMemoryGrainStorage storage,
        FailingGrainStorage failing,
        SelectiveFailingStorage selective,
        InMemoryReminderTable reminders,
        CalendarSource calendars,
        GrainRuntime runtime)
    {
        _settings = settings;
        Clock = clock;
        Storage = storage;
        Failing = failing;
        Selective = selective;
        Reminders = reminders;
        Calendars = calendars;
        Runtime = runtime;
        Local = new AcquirerClock((TimeProvider?)clock ?? TimeProvider.System, AcquirerClock.ChinaStandardTime);
    }

    public SimulatedTimeProvider? Clock { get; }

    public AcquirerClock Local { get; }

    public InMemoryGrainStorage Storage { get; }

    public FailingGrainStorage Failing { get; }

    /// <summary>Fails writes of chosen grains (e.g. the merchant's) on demand.</summary>
    public SelectiveFailingStorage Selective { get; }

    public InMemoryReminderTable Reminders { get; }

    public CalendarSource Calendars { get; }

    public GrainRuntime Runtime { get; }

    public IGrainFactory Grains => Runtime.GrainFactory;

    public ISimulatedBankGrain Bank => Grains.GetGrain<ISimulatedBankGrain>(BankKey);

    public IAlertGrain Alerts => Grains.GetGrain<IAlertGrain>(AlertGrain.EngineKey);

    public ICalendarGrain Calendar => Grains.GetGrain<ICalendarGrain>(CalendarGrain.ChinaMainlandKey);

    public static Task<GrainTestHost> StartAsync() =>
        StartAsync(new GrainTestSettings(), null, new InMemoryGrainStorage(), new InMemoryReminderTable());

    /// <summary>A host on a simulated clock starting at <paramref name="startLocal"/> (Asia/Shanghai wall time).</summary>
    public static Task<GrainTestHost> StartAtAsync(DateTime startLocal, GrainTestSettings? settings = null)
    {
        var utc = new AcquirerClock(TimeProvider.System, AcquirerClock.ChinaStandardTime).ToUtc(startLocal);
        var clock = new SimulatedTimeProvider(utc, AcquirerClock.ChinaStandardTime) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
        return StartAsync(settings ?? new GrainTestSettings(), clock, new InMemoryGrainStorage(clock), new InMemoryReminderTable());
    }

    public IMerchantGrain Merchant(string merchantId) => Grains.GetGrain<IMerchantGrain>(merchantId);

    public ITerminalGrain Terminal(string terminalId) => Grains.GetGrain<ITerminalGrain>(terminalId);

    public IBankChannelGrain Rail(ChannelKind kind) => Grains.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(kind));

    public Task AdvanceToLocalAsync(DateTime local) => SimulatedClock.AdvanceToAsync(Local.ToUtc(local));

    public Task AdvanceAsync(TimeSpan delta) => SimulatedClock.AdvanceAsync(delta);

    /// <summary>Waits until every call, turn and reminder delivery in flight has finished.</summary>
    public Task QuiesceAsync() => Runtime.WaitForQuiescenceAsync(CancellationToken.None);

    /// <summary>A fresh runtime over the same stores (and clock): what a process restart looks like to the grains.</summary>
    public async Task<GrainTestHost> RestartAsync(TimeSpan? downtime = null)
    {
        await Runtime.StopAsync(CancellationToken.None);
        await Runtime.DisposeAsync();
        if (downtime is { } down)
        {
            // Time passes while nothing runs: the new runtime finds overdue reminders and catches up in order.
            await SimulatedClock.AdvanceAsync(down);
        }

        return await StartAsync(_settings, Clock, Storage, Reminders);
    }

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    private SimulatedTimeProvider SimulatedClock =>
        Clock ?? throw new InvalidOperationException("This host runs on the system clock: start it with StartAtAsync.");

    private static async Task<GrainTestHost> StartAsync(
        GrainTestSettings settings, SimulatedTimeProvider? clock, InMemoryGrainStorage storage, InMemoryReminderTable reminders)
    {
        var failing = new FailingGrainStorage(storage);
        var selective = new SelectiveFailingStorage(failing);

        // A restart is a new process: a fresh calendar source, filled by the calendar grain's activation.
        var calendars = new CalendarSource(HolidayCalendar.Empty);
        GrainRuntime? built = null;
        var sink = new MerchantPayoutEventSink(() => built!.GrainFactory);
        var builder = new GrainRuntimeBuilder()
            .UseStorage(selective)
            .UseReminderTable(reminders)
            .Configure(o => o.SnapshotEvery = settings.SnapshotEvery)
            .AddGrain<ITerminalGrain, TerminalGrain>(
                TerminalGrain.GrainTypeName, () => new TerminalGrain(settings.Terminal, settings.Forwarding))
            .AddGrain<IMerchantGrain, MerchantGrain>(
                MerchantGrain.GrainTypeName, () => new MerchantGrain(calendars, settings.Settlement with { Channels = settings.Channels }))
            .AddGrain<IMerchantDirectoryGrain, MerchantDirectoryGrain>(MerchantDirectoryGrain.GrainTypeName, () => new MerchantDirectoryGrain())
            .AddGrain<ICalendarGrain, CalendarGrain>(CalendarGrain.GrainTypeName, () => new CalendarGrain(calendars))
            .AddGrain<IBankChannelGrain, BankChannelGrain>(
                BankChannelGrain.GrainTypeName,
                () => new BankChannelGrain(settings.Channels, calendars, sink, settings.Rail with { BankGrainKey = BankKey }))
            .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(settings.Bank))
            .AddGrain<IAlertGrain, AlertGrain>(AlertGrain.GrainTypeName, () => new AlertGrain(settings.Alerts));
        if (clock is not null)
        {
            builder.UseTimeProvider(clock).Configure(o => o.IdleSweepInterval = TimeSpan.FromMinutes(10));
        }

        built = builder.Build();
        await built.StartAsync(CancellationToken.None);

        // What the server does at start: activate the calendar so the source holds the stored years.
        await built.GrainFactory.GetGrain<ICalendarGrain>(CalendarGrain.ChinaMainlandKey).ListYearsAsync();
        return new GrainTestHost(settings, clock, storage, failing, selective, reminders, calendars, built);
    }
}
