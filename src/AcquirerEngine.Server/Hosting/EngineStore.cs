using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Server.Configuration;
using AcquirerEngine.Storage.Postgres;
using AcquirerEngine.Storage.Sqlite;

namespace AcquirerEngine.Server.Hosting;

/// <summary>The store the configuration names, opened (migrations applied) and seen through its three contracts.</summary>
public sealed class EngineStore : IAsyncDisposable
{
    private readonly IAsyncDisposable _owner;

    private EngineStore(IAsyncDisposable owner, IGrainStorage grainStorage, IReminderTable reminders, IJournalReader journal, string description)
    {
        _owner = owner;
        GrainStorage = grainStorage;
        Reminders = reminders;
        Journal = journal;
        Description = description;
    }

    public IGrainStorage GrainStorage { get; }

    public IReminderTable Reminders { get; }

    public IJournalReader Journal { get; }

    /// <summary>What to tell the operator: which store, where (never a password).</summary>
    public string Description { get; }

    public static async Task<EngineStore> OpenAsync(StorageSettings settings, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (settings.MaxWriteBatch < 1)
        {
            throw new InvalidOperationException(
                $"AcquirerEngine:Storage:MaxWriteBatch must be at least 1 (1 = one commit per write), not {settings.MaxWriteBatch}.");
        }

        if (settings.SnapshotEvery < 1)
        {
            throw new InvalidOperationException(
                $"AcquirerEngine:Storage:SnapshotEvery must be at least 1 (1 = full state on every write), not {settings.SnapshotEvery}.");
        }

        if (!(settings.MaxLingerMilliseconds is >= 0 and <= 1000))
        {
            throw new InvalidOperationException(
                $"AcquirerEngine:Storage:MaxLingerMilliseconds must be between 0 (never hold a write) and 1000, not {settings.MaxLingerMilliseconds}.");
        }

        var maxLinger = TimeSpan.FromMilliseconds(settings.MaxLingerMilliseconds);
        switch (settings.Provider.ToLowerInvariant())
        {
            case "sqlite":
                var sqlite = await SqliteStore.OpenAsync(
                    new SqliteStoreOptions
                    {
                        DataDirectory = settings.DataDirectory,
                        MaxWriteBatch = settings.MaxWriteBatch,
                        MaxLinger = maxLinger,
                        CoalesceWalWrites = settings.SqliteCoalesceWalWrites,
                        TimeProvider = timeProvider,
                    },
                    cancellationToken);
                return new EngineStore(sqlite, sqlite, sqlite, sqlite, $"SQLite {sqlite.DatabasePath}");
            case "postgres":
                if (string.IsNullOrWhiteSpace(settings.PostgresConnectionString))
                {
                    throw new InvalidOperationException(
                        "AcquirerEngine:Storage:PostgresConnectionString is required when Storage:Provider is 'postgres'.");
                }

                var postgres = await PostgresStore.OpenAsync(
                    new PostgresStoreOptions
                    {
                        ConnectionString = settings.PostgresConnectionString,
                        MaxPoolSize = settings.PostgresMaxPoolSize,
                        MaxWriteBatch = settings.MaxWriteBatch,
                        MaxLinger = maxLinger,
                        TimeProvider = timeProvider,
                    },
                    cancellationToken);
                return new EngineStore(postgres, postgres, postgres, postgres, "PostgreSQL");
            default:
                throw new InvalidOperationException(
                    $"AcquirerEngine:Storage:Provider must be 'sqlite' or 'postgres', not '{settings.Provider}'.");
        }
    }

    public ValueTask DisposeAsync() => _owner.DisposeAsync();
}
