using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Postgres;
using AcquirerEngine.Storage.Sqlite;

namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>The selected store, opened (migrations applied), seen through the runtime's contracts and metered.</summary>
public sealed class OpenedStore : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;
    private readonly string? _temporaryDirectory;

    private OpenedStore(IJournaledGrainStorage storage, IReminderTable reminders, string description, IAsyncDisposable? owner, string? temporaryDirectory)
    {
        Storage = new MeteredGrainStorage(storage);
        Reminders = new MeteredReminderTable(reminders, Storage);
        Description = description;
        _owner = owner;
        _temporaryDirectory = temporaryDirectory;
    }

    public MeteredGrainStorage Storage { get; }

    public MeteredReminderTable Reminders { get; }

    /// <summary>Which store (never a password).</summary>
    public string Description { get; }

    public static async Task<OpenedStore> OpenAsync(StoreSelection selection, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selection);
        switch (selection.Kind)
        {
            case StoreKind.Memory:
                return new OpenedStore(new InMemoryGrainStorage(clock), new InMemoryReminderTable(), "memory", null, null);
            case StoreKind.Sqlite:
                var temporary = selection.DataDirectory is null ? Directory.CreateTempSubdirectory("acquirer-bench-").FullName : null;
                var sqlite = await SqliteStore.OpenAsync(
                    new SqliteStoreOptions { DataDirectory = selection.DataDirectory ?? temporary!, TimeProvider = clock },
                    cancellationToken);
                return new OpenedStore(sqlite, sqlite, "sqlite", sqlite, temporary);
            case StoreKind.Postgres:
                var postgres = await PostgresStore.OpenAsync(
                    new PostgresStoreOptions { ConnectionString = selection.ConnectionString!, TimeProvider = clock },
                    cancellationToken);
                return new OpenedStore(postgres, postgres, "postgres", postgres, null);
            default:
                throw new ArgumentOutOfRangeException(nameof(selection), selection.Kind, "unknown store kind");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }

        if (_temporaryDirectory is not null)
        {
            try
            {
                Directory.Delete(_temporaryDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the system's temp cleanup; the run's result stands.
            }
        }
    }
}
