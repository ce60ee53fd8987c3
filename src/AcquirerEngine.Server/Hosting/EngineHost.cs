using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Server.Configuration;
using AcquirerEngine.Server.Metrics;
using AcquirerEngine.Server.Security;
using AcquirerEngine.Server.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AcquirerEngine.Server.Hosting;

/// <summary>
/// The composition root: reads the settings, opens the store, starts the grain runtime, serves the
/// gRPC services on Kestrel, and shuts down in the reverse order (stop taking calls, finish turns,
/// close the store).
/// </summary>
public static class EngineHost
{
    /// <summary>Runs until SIGINT/SIGTERM. Returns the process exit code (2: the configuration is unusable).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        LoggingDefaults.AddTo(builder.Configuration);
        var settings = builder.Configuration.GetSection(EngineSettings.SectionName).Get<EngineSettings>() ?? new EngineSettings();

        // Listening from the start, so activations and calls made while the engine starts are counted too.
        using var metrics = new MetricsCollector();
        AcquirerClock clock;
        MetricsEndpoint? metricsEndpoint;
        ClusterHosting? cluster;
        try
        {
            cluster = ClusterHosting.Create(settings);
            var listen = ParseEndPoint(settings.Listen, "Listen");
            var metricsListen = string.IsNullOrWhiteSpace(settings.Metrics.Listen) ? null : ParseEndPoint(settings.Metrics.Listen, "Metrics:Listen");
            if (metricsListen is not null && metricsListen.Port != 0 && metricsListen.Port == listen.Port)
            {
                throw new InvalidOperationException($"AcquirerEngine:Metrics:Listen needs a port of its own, not the gRPC port {listen.Port}.");
            }

            clock = AcquirerClock.FromSettings(settings.Clock, TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone));
            metricsEndpoint = ConfigureKestrel(builder, settings, listen, metricsListen, metrics);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeZoneNotFoundException or IOException or CryptographicException)
        {
            await Console.Error.WriteLineAsync($"AcquirerEngine: {ex.Message}");
            return 2;
        }

        await using var clusterScope = cluster;
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EngineHost));

        OperatorToken token;
        EngineStore store;
        try
        {
            token = LoadOperatorToken(settings);
            store = await EngineStore.OpenAsync(settings.Storage, clock.TimeProvider, CancellationToken.None);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"AcquirerEngine: {ex.Message}");
            return 2;
        }

        await using (store)
        {
            GrainRuntime runtime;

            // Filled by the calendar grain when it activates (built-in years, then what operators loaded); in a
            // cluster, by following the calendar grain on whichever node runs it.
            var calendars = new CalendarSource(BuiltInCalendars.ChinaMainland);
            try
            {
                runtime = BuildRuntime(settings, store, clock, calendars, app.Services.GetRequiredService<ILoggerFactory>());
                cluster?.Attach(runtime, calendars);
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"AcquirerEngine: {ex.Message}");
                return 2;
            }

            await runtime.StartAsync(CancellationToken.None);
            if (cluster is null)
            {
                // The calendar grain publishes the loaded years to every grain before the first call is served.
                await runtime.GrainFactory.GetGrain<ICalendarGrain>(CalendarGrain.ChinaMainlandKey).ListYearsAsync();
                await FreezeSimulatedAccountsAsync(runtime, settings.SimulatedBank);
            }

            var health = new HealthServiceImpl();
            var validator = new TerminalRequestValidator(new ValidationPolicy
            {
                AcceptedCurrencies = AcceptedCurrencies.FromCodes(settings.Terminals.AcceptedCurrencies),
            });
            var registry = new GrpcServiceRegistry()
                .AddService(GrpcServiceDescriptors.Health, health)
                .AddService(GrpcServiceDescriptors.TerminalService, new TerminalService(runtime.GrainFactory, validator, clock))
                .AddService(
                    GrpcServiceDescriptors.OperatorService,
                    new OperatorService(runtime.GrainFactory, validator, token, clock, app.Services.GetRequiredService<ILogger<OperatorService>>()));
            cluster?.Register(registry);
            metricsEndpoint?.UseIn(app);
            app.UseGrpcServices(registry, new GrpcServerOptions
            {
                MaxReceiveMessageSize = settings.Grpc.MaxReceiveMessageSize,
                MaxSendMessageSize = settings.Grpc.MaxSendMessageSize,
                UnexpectedExceptionStatus = StatusMapping.ForUnexpected,
            });
            app.Lifetime.ApplicationStopping.Register(health.EnterShutdown);

            try
            {
                await app.StartAsync();
            }
            catch (IOException ex)
            {
                // A port already taken (often a second engine, or another exporter on the metrics port).
                await Console.Error.WriteLineAsync(
                    $"AcquirerEngine: cannot listen ({ex.Message}); check AcquirerEngine:Listen, ListenTls and Metrics:Listen.");
                await runtime.DisposeAsync();
                return 2;
            }

            var declaredDead = false;
            if (cluster is not null)
            {
                // Grains live on the nodes that hold their shards: the node joins once other nodes can reach it.
                cluster.DeclaredDead += () =>
                {
                    logger.LogCritical("The cluster declared this node dead (silent longer than Cluster:DeadAfterSeconds); its shards moved to other nodes. Stopping: restart it to join again as a new incarnation.");
                    declaredDead = true;
                    app.Lifetime.StopApplication();
                };
                await cluster.JoinAsync(CancellationToken.None);
                await FreezeSimulatedAccountsAsync(runtime, settings.SimulatedBank);
                Console.WriteLine($"AcquirerEngine {cluster.Description}");
            }

            ReportStarted(app, store, token, metricsEndpoint);
            await app.WaitForShutdownAsync();

            if (cluster is not null && !declaredDead)
            {
                logger.LogInformation("Leaving the cluster: handing every shard over");
                await cluster.LeaveAsync(CancellationToken.None);
            }

            logger.LogInformation("Stopping: finishing grain turns, then closing the store");
            await runtime.StopAsync(CancellationToken.None);
            await runtime.DisposeAsync();
            if (declaredDead)
            {
                return ExitDeclaredDead;
            }
        }

        return 0;
    }

    /// <summary>Exit code of a cluster node that the cluster declared dead (a supervisor restarts it as a new incarnation).</summary>
    public const int ExitDeclaredDead = 3;

    /// <summary>About three months of working days: a longer silence hides an account problem rather than waiting it out.</summary>
    private const int MaxReturnBackoffWorkingDays = 60;

    private static GrainRuntime BuildRuntime(EngineSettings settings, EngineStore store, AcquirerClock clock, CalendarSource calendars, ILoggerFactory loggerFactory)
    {
        var policy = TerminalPolicy.Default with { PerSaleLimitMinor = settings.Terminals.MaxSaleAmountMinor };
        var channels = ChannelDefaults.All;

        GrainRuntime? runtime = null;
        var payoutSink = new MerchantPayoutEventSink(() => runtime!.GrainFactory);
        var settlement = MerchantSettlementOptions.Default with
        {
            TimeZone = clock.TimeZone,
            Channels = channels,
            CutOff = new CutOffPolicy { CutOff = ParseTimeOfDay(settings.Settlement.CutOff, "Settlement:CutOff") },
            SettlementRunTime = ParseTimeOfDay(settings.Settlement.RunTime, "Settlement:RunTime"),

            // With the merchant on the reply path a sale's caller waits for the capture's write: commit it at once.
            TerminalFactWrites = settings.Terminals.MerchantOnReplyPath ? WriteUrgency.Prompt : WriteUrgency.MayLinger,
            RoutingPolicy = ParseRoutingPolicy(settings.Settlement.RoutingPolicy),
            ReturnBackoffMaxWorkingDays = settings.Settlement.ReturnBackoffMaxWorkingDays is >= 0 and <= MaxReturnBackoffWorkingDays
                ? settings.Settlement.ReturnBackoffMaxWorkingDays
                : throw new InvalidOperationException(
                    $"AcquirerEngine:Settlement:ReturnBackoffMaxWorkingDays must be between 0 and {MaxReturnBackoffWorkingDays}, not {settings.Settlement.ReturnBackoffMaxWorkingDays}."),
        };
        var forwarding = TerminalForwardingOptions.Default with
        {
            TimeZone = clock.TimeZone,
            BatchOpenAlertAfter = settings.Terminals.BatchOpenAlertAfterDays > 0 ? TimeSpan.FromDays(settings.Terminals.BatchOpenAlertAfterDays) : null,
            RetryPeriod = settings.Terminals.ForwardRetrySeconds >= 1
                ? TimeSpan.FromSeconds(settings.Terminals.ForwardRetrySeconds)
                : throw new InvalidOperationException($"AcquirerEngine:Terminals:ForwardRetrySeconds must be at least 1, not {settings.Terminals.ForwardRetrySeconds}."),
            MerchantOnReplyPath = settings.Terminals.MerchantOnReplyPath,
        };
        var bank = new SimulatedBankOptions
        {
            Seed = settings.SimulatedBank.Seed,
            TimeoutRate = settings.SimulatedBank.TimeoutRate,
            ReturnRate = settings.SimulatedBank.ReturnRate,
            TimeoutAfterCreditRate = settings.SimulatedBank.TimeoutAfterCreditRate,
            Latency = TimeSpan.FromSeconds(settings.SimulatedBank.LatencySeconds),
        };
        if (!bank.IsValid)
        {
            throw new InvalidOperationException("AcquirerEngine:SimulatedBank rates must be between 0 and 1 and LatencySeconds not negative.");
        }

        var rails = BankChannelOptions.Default with
        {
            TimeZone = clock.TimeZone,
            MaxQueueDepth = settings.Settlement.RailMaxQueueDepth is > 0 and <= BankChannelOptions.MaxQueueDepthLimit
                ? settings.Settlement.RailMaxQueueDepth
                : throw new InvalidOperationException(
                    $"AcquirerEngine:Settlement:RailMaxQueueDepth must be between 1 and {BankChannelOptions.MaxQueueDepthLimit}, not {settings.Settlement.RailMaxQueueDepth}."),
        };
        runtime = new GrainRuntimeBuilder()
            .UseStorage(store.GrainStorage)
            .UseReminderTable(store.Reminders)
            .UseTimeProvider(clock.TimeProvider)
            .UseLoggerFactory(loggerFactory)
            .Configure(options =>
            {
                options.MailboxCapacity = settings.Runtime.MailboxCapacity;
                options.SnapshotEvery = settings.Storage.SnapshotEvery;
                options.MaxActivations = settings.Runtime.MaxActivations;
                options.IdleDeactivationAfter = settings.Runtime.IdleDeactivationAfter;
                options.ReminderDeliveryConcurrency = settings.Runtime.ReminderDeliveryConcurrency switch
                {
                    < 1 => throw new InvalidOperationException($"AcquirerEngine:Runtime:ReminderDeliveryConcurrency must be at least 1 (1 = one tick at a time), not {settings.Runtime.ReminderDeliveryConcurrency}."),

                    // Every settlement run in flight calls its rail: as many runs as a rail's mailbox holds would fill it,
                    // and a run refused by a full mailbox counts as a rail failure (an alert and a full write).
                    var concurrency when concurrency >= settings.Runtime.MailboxCapacity => throw new InvalidOperationException(
                        $"AcquirerEngine:Runtime:ReminderDeliveryConcurrency ({concurrency}) must be below AcquirerEngine:Runtime:MailboxCapacity "
                        + $"({settings.Runtime.MailboxCapacity}): each settlement run in flight calls its payout rail, so that many runs would fill a rail's mailbox."),
                    var concurrency => concurrency,
                };
            })
            .AddGrain<ITerminalGrain, TerminalGrain>(TerminalGrain.GrainTypeName, () => new TerminalGrain(policy, forwarding))
            .AddGrain<IMerchantGrain, MerchantGrain>(MerchantGrain.GrainTypeName, () => new MerchantGrain(calendars, settlement))
            .AddGrain<IMerchantDirectoryGrain, MerchantDirectoryGrain>(MerchantDirectoryGrain.GrainTypeName, () => new MerchantDirectoryGrain())
            .AddGrain<ICalendarGrain, CalendarGrain>(CalendarGrain.GrainTypeName, () => new CalendarGrain(calendars))
            .AddGrain<IBankChannelGrain, BankChannelGrain>(BankChannelGrain.GrainTypeName, () => new BankChannelGrain(channels, calendars, payoutSink, rails))
            .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(bank))
            .AddGrain<IAlertGrain, AlertGrain>(AlertGrain.GrainTypeName, () => new AlertGrain(AlertOptions.Default))
            .Build();
        return runtime;
    }

    /// <summary>Names only (a number would parse as any enum value).</summary>
    private static RoutingPolicy ParseRoutingPolicy(string value) =>
        Enum.TryParse<RoutingPolicy>(value, ignoreCase: true, out var policy) && Enum.IsDefined(policy) && !int.TryParse(value, out _)
            ? policy
            : throw new InvalidOperationException($"AcquirerEngine:Settlement:RoutingPolicy must be WaitForHvps, AlternativeRail or SplitWithinCaps, not '{value}'.");

    private static TimeOnly ParseTimeOfDay(string value, string setting) =>
        TimeOnly.TryParseExact(value, ["HH:mm", "HH:mm:ss"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time)
            ? time
            : throw new InvalidOperationException($"AcquirerEngine:{setting} must be a time of day like 23:00, not '{value}'.");

    /// <summary>Accounts the operator configured as frozen at the simulated bank (idempotent at every start).</summary>
    private static async Task FreezeSimulatedAccountsAsync(GrainRuntime runtime, SimulatedBankSettings settings)
    {
        foreach (var entry in settings.FrozenAccounts)
        {
            var parts = entry.Split(':', 2);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new InvalidOperationException($"AcquirerEngine:SimulatedBank:FrozenAccounts entries look like ICBC:6222020000000001, not '{entry}'.");
            }

            await runtime.GrainFactory.GetGrain<ISimulatedBankGrain>(BankChannelOptions.Default.BankGrainKey).FreezeAccountAsync(parts[0], parts[1]);
        }
    }

    private static MetricsEndpoint? ConfigureKestrel(
        WebApplicationBuilder builder, EngineSettings settings, IPEndPoint listen, IPEndPoint? metricsListen, MetricsCollector metrics)
    {
        X509Certificate2? certificate = null;
        IPEndPoint? listenTls = null;
        if (!string.IsNullOrWhiteSpace(settings.ListenTls))
        {
            listenTls = ParseEndPoint(settings.ListenTls, "ListenTls");
            if (string.IsNullOrWhiteSpace(settings.TlsCertificatePath))
            {
                throw new InvalidOperationException("AcquirerEngine:TlsCertificatePath is required with AcquirerEngine:ListenTls.");
            }

            certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.TlsCertificatePath, settings.TlsCertificatePassword);
        }

        var metricsEndpoint = metricsListen is null ? null : new MetricsEndpoint(metricsListen, metrics);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenGrpc(listen);
            if (listenTls is not null)
            {
                kestrel.ListenGrpcTls(listenTls, certificate!);
            }

            metricsEndpoint?.Listen(kestrel);
        });
        return metricsEndpoint;
    }

    private static OperatorToken LoadOperatorToken(EngineSettings settings)
    {
        if (!string.IsNullOrEmpty(settings.OperatorToken))
        {
            return OperatorToken.FromConfigured(settings.OperatorToken);
        }

        if (!string.Equals(settings.Storage.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                "AcquirerEngine:OperatorToken must be configured when the store is not the embedded one.");
        }

        return OperatorToken.LoadOrCreate(settings.Storage.DataDirectory);
    }

    private static IPEndPoint ParseEndPoint(string value, string setting) =>
        IPEndPoint.TryParse(value, out var endPoint) && value.Contains(':', StringComparison.Ordinal)
            ? endPoint
            : throw new InvalidOperationException($"AcquirerEngine:{setting} must be an IP address and port such as 127.0.0.1:50051, not '{value}'.");

    /// <summary>Tells the operator (and the end-to-end tests) where the engine listens; stdout, not the log.</summary>
    private static void ReportStarted(WebApplication app, EngineStore store, OperatorToken token, MetricsEndpoint? metrics)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

        // Before the gRPC line: whoever waits for that line (the end-to-end tests) has the metrics address by then.
        if (metrics is not null)
        {
            Console.WriteLine($"AcquirerEngine metrics listening on {metrics.Address}{MetricsEndpoint.Path}");
        }

        foreach (var address in addresses.Where(a => metrics?.IsAddress(a) != true))
        {
            var kind = address.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? "TLS" : "h2c";
            Console.WriteLine($"AcquirerEngine gRPC ({kind}) listening on {address}");
        }

        Console.WriteLine($"AcquirerEngine store: {store.Description}");
        if (token.GeneratedNow)
        {
            Console.WriteLine($"AcquirerEngine operator token (generated now, kept in the data directory, shown only once): {token.GeneratedValue}");
        }
    }
}
