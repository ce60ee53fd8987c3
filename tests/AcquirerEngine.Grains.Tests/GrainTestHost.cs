using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;

namespace AcquirerEngine.Grains.Tests;

/// <summary>A grain runtime with the product's grains over in-memory stores that outlive it (to test restarts).</summary>
public sealed class GrainTestHost : IAsyncDisposable
{
    private GrainTestHost(InMemoryGrainStorage storage, FailingGrainStorage failing, InMemoryReminderTable reminders, GrainRuntime runtime)
    {
        Storage = storage;
        Failing = failing;
        Reminders = reminders;
        Runtime = runtime;
    }

    public InMemoryGrainStorage Storage { get; }

    public FailingGrainStorage Failing { get; }

    public InMemoryReminderTable Reminders { get; }

    public GrainRuntime Runtime { get; }

    public IGrainFactory Grains => Runtime.GrainFactory;

    public static Task<GrainTestHost> StartAsync() => StartAsync(new InMemoryGrainStorage(), new InMemoryReminderTable());

    /// <summary>A fresh runtime over the same stores: what a process restart looks like to the grains.</summary>
    public async Task<GrainTestHost> RestartAsync()
    {
        await Runtime.StopAsync(CancellationToken.None);
        return await StartAsync(Storage, Reminders);
    }

    public ValueTask DisposeAsync() => Runtime.DisposeAsync();

    private static async Task<GrainTestHost> StartAsync(InMemoryGrainStorage storage, InMemoryReminderTable reminders)
    {
        var failing = new FailingGrainStorage(storage);
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(failing)
            .UseReminderTable(reminders)
            .AddGrain<ITerminalGrain, TerminalGrain>(TerminalGrain.GrainTypeName, () => new TerminalGrain(TerminalPolicy.Default))
            .AddGrain<IMerchantGrain, MerchantGrain>(MerchantGrain.GrainTypeName, () => new MerchantGrain())
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return new GrainTestHost(storage, failing, reminders, runtime);
    }
}
