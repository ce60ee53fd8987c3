using AcquirerEngine.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Runtime;

/// <summary>Fluent, DI-free assembly of a <see cref="GrainRuntime"/>; hosts may equally call its constructor.</summary>
public sealed class GrainRuntimeBuilder
{
    private readonly GrainTypeRegistry _registry = new();
    private readonly GrainRuntimeOptions _options = new();
    private IGrainStorage? _storage;
    private IReminderTable? _reminderTable;
    private TimeProvider _timeProvider = TimeProvider.System;
    private ILoggerFactory? _loggerFactory;

    public GrainRuntimeBuilder UseStorage(IGrainStorage storage)
    {
        _storage = storage ?? throw new ArgumentNullException(nameof(storage));
        return this;
    }

    public GrainRuntimeBuilder UseReminderTable(IReminderTable reminderTable)
    {
        _reminderTable = reminderTable ?? throw new ArgumentNullException(nameof(reminderTable));
        return this;
    }

    public GrainRuntimeBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        return this;
    }

    public GrainRuntimeBuilder UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        return this;
    }

    public GrainRuntimeBuilder Configure(Action<GrainRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(_options);
        return this;
    }

    /// <inheritdoc cref="GrainTypeRegistry.Add{TInterface, TGrain}"/>
    public GrainRuntimeBuilder AddGrain<TInterface, TGrain>(string grainTypeName, Func<TGrain> factory)
        where TInterface : IGrain
        where TGrain : Grain, TInterface
    {
        _registry.Add<TInterface, TGrain>(grainTypeName, factory);
        return this;
    }

    public GrainRuntime Build() => new(
        _registry,
        _storage ?? throw new InvalidOperationException("UseStorage must be called before Build."),
        _reminderTable ?? throw new InvalidOperationException("UseReminderTable must be called before Build."),
        _options,
        _timeProvider,
        _loggerFactory);
}
