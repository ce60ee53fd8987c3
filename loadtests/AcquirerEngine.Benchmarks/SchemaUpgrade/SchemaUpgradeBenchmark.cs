using System.Diagnostics;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Benchmarks.SchemaUpgrade;

/// <summary>
/// Writes a SQLite file as an earlier schema left it (the migrations' own SQL up to <see cref="SchemaUpgradeOptions.FromVersion"/>,
/// records of many grains interleaved, each grain with a snapshot and its records as its tail), then times this
/// build's open of it, which applies the pending steps, and checks sampled grains' journals and tails afterwards.
/// </summary>
public static class SchemaUpgradeBenchmark
{
    private const string GrainType = "terminal";
    private const string FileName = "acquirer.db";

    public static async Task<SchemaUpgradeResult> RunAsync(SchemaUpgradeOptions options, ProgressLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.Problem is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var ownDirectory = options.DataDirectory is null;
        var directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "ae-schema-upgrade-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            throw new InvalidOperationException($"{path} exists already; schema-upgrade writes a file of its own.");
        }

        try
        {
            log.Phase($"schema-upgrade: writing {options.Records:N0} records over {options.Grains:N0} grains in schema {options.FromVersion}");
            var written = Stopwatch.StartNew();
            var expected = WriteEarlierSchema(path, options);
            written.Stop();
            var fileBytes = new FileInfo(path).Length;

            log.Phase("schema-upgrade: opening on this build");
            var opening = Stopwatch.StartNew();
            var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory }, cancellationToken).ConfigureAwait(false);
            opening.Stop();

            var failures = new FailureList();
            await using (store.ConfigureAwait(false))
            {
                log.Phase("schema-upgrade: checking sampled grains");
                await CheckSampledGrainsAsync(store, expected, failures, cancellationToken).ConfigureAwait(false);
            }

            var toVersion = SqliteMigrations.All[^1].Version;
            var checking = Stopwatch.StartNew();
            CheckFile(path, toVersion, failures);
            checking.Stop();

            var list = failures.ToList();
            return new SchemaUpgradeResult
            {
                FromVersion = options.FromVersion,
                ToVersion = toVersion,
                Records = options.Records,
                Grains = options.Grains,
                FileBytes = fileBytes,
                WriteSeconds = Math.Round(written.Elapsed.TotalSeconds, 3),
                UpgradeSeconds = Math.Round(opening.Elapsed.TotalSeconds, 3),
                IntegrityCheckSeconds = Math.Round(checking.Elapsed.TotalSeconds, 3),
                Passed = list.Count == 0,
                Failures = list,
            };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (ownDirectory)
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Writes the file and returns the record ids of the sampled grains, in write order, by grain key.</summary>
    private static Dictionary<string, List<string>> WriteEarlierSchema(string path, SchemaUpgradeOptions options)
    {
        var random = new Random(options.Seed);
        var sampled = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        while (sampled.Count < Math.Min(options.SampledGrains, options.Grains))
        {
            sampled.TryAdd(GrainKey(random.Next(options.Grains)), []);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");

        // Setup only: the file's durability does not matter until it is complete, and it is checkpointed at the end.
        Execute(connection, "PRAGMA synchronous = OFF;");
        using var transaction = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;", transaction);
        foreach (var migration in SqliteMigrations.All.Where(m => m.Version <= options.FromVersion))
        {
            Execute(connection, migration.Sql, transaction);
            using var applied = Command(connection, transaction, "INSERT INTO schema_migrations VALUES ($version, $name, 0);");
            applied.Parameters.AddWithValue("$version", migration.Version);
            applied.Parameters.AddWithValue("$name", migration.Name);
            applied.ExecuteNonQuery();
        }

        // Version 2, snapshot at 1: every record (grain_version 2) is its grain's tail.
        using (var state = Command(connection, transaction, "INSERT INTO grain_state (grain_type, grain_key, version, updated_at, snapshot_version, journal_floor) VALUES ($type, $key, 2, 0, 1, 0);"))
        using (var snapshot = Command(connection, transaction, "INSERT INTO grain_snapshot (grain_type, grain_key, payload) VALUES ($type, $key, x'7b7d');"))
        {
            var stateKey = state.Parameters.Add("$key", SqliteType.Text);
            var snapshotKey = snapshot.Parameters.Add("$key", SqliteType.Text);
            state.Parameters.AddWithValue("$type", GrainType);
            snapshot.Parameters.AddWithValue("$type", GrainType);
            for (var g = 0; g < options.Grains; g++)
            {
                stateKey.Value = snapshotKey.Value = GrainKey(g);
                state.ExecuteNonQuery();
                snapshot.ExecuteNonQuery();
            }
        }

        using (var insert = Command(connection, transaction, """
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version)
            VALUES ($type, $key, $id, 'sale-approved', $payload, 0, 2);
            """))
        {
            insert.Parameters.AddWithValue("$type", GrainType);
            var key = insert.Parameters.Add("$key", SqliteType.Text);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            var bytes = new byte[options.PayloadBytes];
            for (long i = 0; i < options.Records; i++)
            {
                var grainKey = GrainKey(random.Next(options.Grains));
                var recordId = $"r{i:D10}-{random.NextInt64():x16}";
                random.NextBytes(bytes);
                key.Value = grainKey;
                id.Value = recordId;
                payload.Value = bytes;
                insert.ExecuteNonQuery();
                if (sampled.TryGetValue(grainKey, out var ids))
                {
                    ids.Add(recordId);
                }
            }
        }

        transaction.Commit();
        Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        return sampled;
    }

    private static async Task CheckSampledGrainsAsync(SqliteStore store, Dictionary<string, List<string>> expected, FailureList failures, CancellationToken cancellationToken)
    {
        foreach (var (key, ids) in expected)
        {
            var grain = new GrainId(GrainType, key);
            var journal = new List<string>();
            await foreach (var record in store.ReadGrainJournalAsync(grain, cancellationToken).ConfigureAwait(false))
            {
                journal.Add(record.RecordId);
            }

            failures.Require(journal.SequenceEqual(ids), "a grain's journal is its records in write order", $"{key}: {journal.Count} read, {ids.Count} written");
            var read = await store.ReadStateWithTailAsync(grain, cancellationToken).ConfigureAwait(false);
            var tail = read?.Tail.Select(r => r.RecordId).ToList() ?? [];
            failures.Require(tail.SequenceEqual(ids), "a grain's tail is its records after the snapshot", $"{key}: {tail.Count} read, {ids.Count} written");
        }

        // A write after the upgrade links to the upgraded records.
        var (appendKey, appendIds) = expected.First();
        var appended = new GrainId(GrainType, appendKey);
        await store.WriteAsync(GrainStateWrite.Append(appended, 2, [new JournalRecord("after-upgrade", "sale-approved", [1])]), cancellationToken).ConfigureAwait(false);
        var after = await store.ReadStateWithTailAsync(appended, cancellationToken).ConfigureAwait(false);
        failures.Require(
            after is not null && after.Tail.Select(r => r.RecordId).SequenceEqual(appendIds.Append("after-upgrade")),
            "an append after the upgrade ends its grain's tail",
            appendKey);
    }

    private static void CheckFile(string path, int toVersion, FailureList failures)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT max(version) FROM schema_migrations;";
        var version = (long)command.ExecuteScalar()!;
        failures.Require(version == toVersion, "the file is at this build's schema", $"schema {version}, expected {toVersion}");
        command.CommandText = "PRAGMA integrity_check;";
        var integrity = (string)command.ExecuteScalar()!;
        failures.Require(integrity == "ok", "integrity_check", integrity);
    }

    private static string GrainKey(int grain) => $"t{grain:D7}";

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }
}
