using System.Text.Json;
using AcquirerEngine.Storage.Postgres;
using AcquirerEngine.Storage.Sqlite;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// The simulated bank's side of the story, read from the engine's store after the server is gone: every
/// credit the bank made is journaled ("BankCredited", one record per credit), independent of what the
/// merchants' ledgers say. A payout credited twice would show up here as two credits.
/// </summary>
public static class HolidayBacklogBankJournal
{
    public sealed record Credit(string PayoutId, long AmountMinor, string TraceId);

    public static async Task<IReadOnlyList<Credit>> ReadCreditsAsync(string dataDirectory, IReadOnlyDictionary<string, string> storage)
    {
        var credits = new List<Credit>();
        if (storage.TryGetValue("Storage:Provider", out var provider) && provider == "postgres")
        {
            await using var postgres = await PostgresStore.OpenAsync(
                new PostgresStoreOptions { ConnectionString = storage["Storage:PostgresConnectionString"] }, CancellationToken.None);
            await ReadAsync(postgres.ReadAllAsync, credits);
        }
        else
        {
            await using var sqlite = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = dataDirectory }, CancellationToken.None);
            await ReadAsync(sqlite.ReadAllAsync, credits);
        }

        return credits;
    }

    private static async Task ReadAsync(
        Func<long, int, CancellationToken, IAsyncEnumerable<AcquirerEngine.Runtime.Storage.StoredJournalRecord>> readAll,
        List<Credit> credits)
    {
        const int Page = 500;
        var after = 0L;
        while (true)
        {
            var read = 0;
            await foreach (var record in readAll(after, Page, CancellationToken.None))
            {
                read++;
                after = record.Sequence;
                if (record.Kind != "BankCredited")
                {
                    continue;
                }

                using var line = JsonDocument.Parse(record.Payload);
                credits.Add(new Credit(
                    line.RootElement.GetProperty("PayoutId").GetString()!,
                    line.RootElement.GetProperty("AmountMinor").GetInt64(),
                    line.RootElement.GetProperty("TraceId").GetString()!));
            }

            if (read < Page)
            {
                return;
            }
        }
    }
}
