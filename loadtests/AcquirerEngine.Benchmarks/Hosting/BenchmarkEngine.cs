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
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>
/// The engine as the server composes it (every product grain, the product options, the built-in holiday calendar),
/// on a simulated clock whose zone is Asia/Shanghai and over the selected store, without gRPC. Times given to it
/// are acquirer-local wall times.
/// </summary>
public sealed class BenchmarkEngine : IAsyncDisposable
{
    public const string BankKey = "simbank";

    private readonly OpenedStore _store;

    private BenchmarkEngine(OpenedStore store, SimulatedTimeProvider clock, GrainRuntime runtime)
    {
        _store = store;
        Clock = clock;
        Runtime = runtime;
        Local = new AcquirerClock(clock, AcquirerClock.ChinaStandardTime);
    }

    public SimulatedTimeProvider Clock { get; }

    public AcquirerClock Local { get; }

    public GrainRuntime Runtime { get; }

    public MeteredGrainStorage Storage => _store.Storage;

    public string StoreDescription => _store.Description;

    public IGrainFactory Grains => Runtime.GrainFactory;

    public ISimulatedBankGrain Bank => Grains.GetGrain<ISimulatedBankGrain>(BankKey);

    public static async Task<BenchmarkEngine> StartAsync(
        StoreSelection selection, EngineOptions options, DateTime startLocal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var startUtc = new AcquirerClock(TimeProvider.System, AcquirerClock.ChinaStandardTime).ToUtc(startLocal);

        // A step of a large run (100,000 settlement reminders) takes minutes of real time, not the tests' seconds.
        var clock = new SimulatedTimeProvider(startUtc, AcquirerClock.ChinaStandardTime) { QuiescenceTimeout = TimeSpan.FromHours(6) };
        var store = await OpenedStore.OpenAsync(selection, clock, cancellationToken);
        try
        {
            var runtime = Compose(store, clock, options);
            await runtime.StartAsync(cancellationToken);

            // As the server does: the calendar grain publishes the loaded years before the first call.
            await runtime.GrainFactory.GetGrain<ICalendarGrain>(CalendarGrain.ChinaMainlandKey).ListYearsAsync();
            return new BenchmarkEngine(store, clock, runtime);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public IMerchantGrain Merchant(string merchantId) => Grains.GetGrain<IMerchantGrain>(merchantId);

    public ITerminalGrain Terminal(string terminalId) => Grains.GetGrain<ITerminalGrain>(terminalId);

    public IBankChannelGrain Rail(ChannelKind kind) => Grains.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(kind));

    /// <summary>Moves the simulated clock, firing every reminder on the way in order, and waits for the work they started.</summary>
    public Task AdvanceToLocalAsync(DateTime local) => Clock.AdvanceToAsync(Local.ToUtc(local));

    public async ValueTask DisposeAsync()
    {
        await Runtime.StopAsync(CancellationToken.None);
        await Runtime.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static GrainRuntime Compose(OpenedStore store, SimulatedTimeProvider clock, EngineOptions options)
    {
        var zone = AcquirerClock.ChinaStandardTime;
        var channels = ChannelDefaults.All;
        var policy = TerminalPolicy.Default with { PerSaleLimitMinor = options.PerSaleLimitMinor };
        var calendars = new CalendarSource(BuiltInCalendars.ChinaMainland);
        GrainRuntime? runtime = null;
        var payoutSink = new MerchantPayoutEventSink(() => runtime!.GrainFactory);
        var settlement = MerchantSettlementOptions.Default with { TimeZone = zone, Channels = channels };
        var forwarding = TerminalForwardingOptions.Default with { TimeZone = zone };
        var rails = BankChannelOptions.Default with { TimeZone = zone, BankGrainKey = BankKey, MaxQueueDepth = options.MaxQueueDepth };
        runtime = new GrainRuntimeBuilder()
            .UseStorage(store.Storage)
            .UseReminderTable(store.Reminders)
            .UseTimeProvider(clock)
            .Configure(o =>
            {
                o.MaxActivations = options.MaxActivations;
                o.ReminderDeliveryConcurrency = options.ReminderDeliveryConcurrency;

                // Idle deactivation is a real-time policy; on a clock that jumps hours it would only add churn.
                o.IdleDeactivationAfter = Timeout.InfiniteTimeSpan;
                o.IdleSweepInterval = TimeSpan.FromHours(1);
            })
            .AddGrain<ITerminalGrain, TerminalGrain>(TerminalGrain.GrainTypeName, () => new TerminalGrain(policy, forwarding))
            .AddGrain<IMerchantGrain, MerchantGrain>(MerchantGrain.GrainTypeName, () => new MerchantGrain(calendars, settlement))
            .AddGrain<IMerchantDirectoryGrain, MerchantDirectoryGrain>(MerchantDirectoryGrain.GrainTypeName, () => new MerchantDirectoryGrain())
            .AddGrain<ICalendarGrain, CalendarGrain>(CalendarGrain.GrainTypeName, () => new CalendarGrain(calendars))
            .AddGrain<IBankChannelGrain, BankChannelGrain>(BankChannelGrain.GrainTypeName, () => new BankChannelGrain(channels, calendars, payoutSink, rails))
            .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(SimulatedBankOptions.Default))
            .AddGrain<IAlertGrain, AlertGrain>(AlertGrain.GrainTypeName, () => new AlertGrain(AlertOptions.Default))
            .Build();
        return runtime;
    }
}
