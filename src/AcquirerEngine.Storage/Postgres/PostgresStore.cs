using System.Runtime.CompilerServices;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.GroupCommit;
using Npgsql;
using NpgsqlTypes;

namespace AcquirerEngine.Storage.Postgres;

/// <summary>
/// The server-backed store: PostgreSQL through one bounded <see cref="NpgsqlDataSource"/> pool.
/// </summary>
/// <remarks>
/// Grain writes are group-committed: concurrent callers queue (bounded) and one writer loop, on a connection
/// of its own, applies up to <see cref="PostgresStoreOptions.MaxWriteBatch"/> of them in one transaction.
/// Usually that is one round trip: BEGIN, multi-row statements over unnest arrays that also check what the
/// batch assumed (each grain at the version its write expects, no record id stored, every fence current),
/// and COMMIT, in one NpgsqlBatch. When a check fails (or a write must be refused) nothing is written and the
/// batch is looked up first: the state rows locked and their versions, stored record ids and lease epochs read
/// in one round trip, decided in memory so a refused write fails only its caller, then the statements, then
/// COMMIT. A batch that met a writer from another process in between falls back to single writes.
/// A version row (grain_state) holds no payload: snapshots live in grain_snapshot, so an append updates a
/// small row and leaves the snapshot alone.
/// A single grain write is one transaction holding a single statement: the state upsert/update carries the
/// version check in its WHERE / ON CONFLICT clause and the journal insert consumes its RETURNING row, so a
/// stale writer inserts nothing and the database, not a prior read, decides who is stale (under READ
/// COMMITTED a concurrent writer blocks on the row lock, re-checks the version, and finds it changed).
/// Journal record ids are unique by constraint; a violation aborts the statement, and with it the state write.
/// Journal sequences come from an identity column, assigned at insert time; every transaction appending
/// records first takes one advisory lock (<see cref="PostgresBatchPlan.LockJournalOrderSql"/>) held until its
/// commit, so sequences are assigned in commit order and a reader tailing
/// <see cref="ReadAllAsync(long, int, CancellationToken)"/> by sequence skips nothing. A rolled-back
/// transaction leaves a hole that never fills.
/// </remarks>
public sealed class PostgresStore : IJournaledGrainStorage, IJournalReader, IReminderTable, IAsyncDisposable
{
    private const string UniqueViolation = "23505";
    private const string DeadlockDetected = "40P01";
    private const string Backend = "postgres";
    private const string JournalRecordIdConstraint = "journal_record_id_unique";
    private const int AutoPreparedStatements = 64;

    // One statement per write: the journal rows are produced from the state statement's RETURNING row, so a
    // version mismatch (no row) writes no records. unnest(...) WITH ORDINALITY keeps the caller's record order,
    // which is the order the identity sequence is assigned in.
    // A new life starts above every record of an earlier one (a cleared grain keeps its journal); the
    // subquery sees the journal as it was before this statement, so this write's own records are above it.
    private const string InsertFirstVersionSql = """
        WITH s AS (
            INSERT INTO grain_state (grain_type, grain_key, version, updated_at, snapshot_version, journal_floor)
            VALUES (@type, @key, 1, @now, 1,
                    COALESCE((SELECT max(sequence) FROM journal WHERE grain_type = @type AND grain_key = @key), 0))
            ON CONFLICT (grain_type, grain_key) DO NOTHING
            RETURNING version),
        p AS (
            INSERT INTO grain_snapshot (grain_type, grain_key, payload) SELECT @type, @key, @payload FROM s
            ON CONFLICT (grain_type, grain_key) DO UPDATE SET payload = excluded.payload),
        j AS (
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version)
            SELECT @type, @key, r.record_id, r.kind, r.payload, @now, s.version
            FROM s CROSS JOIN unnest(@record_ids, @kinds, @payloads) WITH ORDINALITY AS r(record_id, kind, payload, ord)
            ORDER BY r.ord
            RETURNING 1)
        SELECT (SELECT version FROM s), (SELECT count(*) FROM j);
        """;

    private const string UpdateVersionSql = """
        WITH s AS (
            UPDATE grain_state SET version = version + 1, updated_at = @now, snapshot_version = version + 1
            WHERE grain_type = @type AND grain_key = @key AND version = @expected
            RETURNING version),
        p AS (
            INSERT INTO grain_snapshot (grain_type, grain_key, payload) SELECT @type, @key, @payload FROM s
            ON CONFLICT (grain_type, grain_key) DO UPDATE SET payload = excluded.payload),
        j AS (
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version)
            SELECT @type, @key, r.record_id, r.kind, r.payload, @now, s.version
            FROM s CROSS JOIN unnest(@record_ids, @kinds, @payloads) WITH ORDINALITY AS r(record_id, kind, payload, ord)
            ORDER BY r.ord
            RETURNING 1)
        SELECT (SELECT version FROM s), (SELECT count(*) FROM j);
        """;

    // An append keeps the snapshot (its own table): only the small version row moves (the fence stays the same).
    private const string AppendSql = """
        WITH s AS (
            UPDATE grain_state SET version = version + 1, updated_at = @now
            WHERE grain_type = @type AND grain_key = @key AND version = @expected
            RETURNING version),
        j AS (
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version)
            SELECT @type, @key, r.record_id, r.kind, r.payload, @now, s.version
            FROM s CROSS JOIN unnest(@record_ids, @kinds, @payloads) WITH ORDINALITY AS r(record_id, kind, payload, ord)
            ORDER BY r.ord
            RETURNING 1)
        SELECT (SELECT version FROM s), (SELECT count(*) FROM j);
        """;

    private const string ReadSnapshotSql = """
        SELECT s.version, p.payload, s.snapshot_version
        FROM grain_state s JOIN grain_snapshot p USING (grain_type, grain_key)
        WHERE s.grain_type = @type AND s.grain_key = @key;
        """;

    private const string ReadStateSql = """
        SELECT s.version, p.payload
        FROM grain_state s JOIN grain_snapshot p USING (grain_type, grain_key)
        WHERE s.grain_type = @type AND s.grain_key = @key;
        """;

    // The version row goes, and its snapshot with it, only at the expected version.
    private const string ClearSql = """
        WITH s AS (
            DELETE FROM grain_state WHERE grain_type = @type AND grain_key = @key AND version = @expected
            RETURNING grain_type, grain_key),
        p AS (
            DELETE FROM grain_snapshot p USING s WHERE p.grain_type = s.grain_type AND p.grain_key = s.grain_key)
        SELECT count(*) FROM s;
        """;

    private const string ReadTailSql = """
        SELECT j.sequence, j.grain_type, j.grain_key, j.record_id, j.kind, j.payload, j.written_at
        FROM journal j JOIN grain_state s ON s.grain_type = j.grain_type AND s.grain_key = j.grain_key
        WHERE s.grain_type = @type AND s.grain_key = @key AND j.sequence > s.journal_floor AND j.grain_version > s.snapshot_version
        ORDER BY j.sequence;
        """;

    private const string JournalColumns = "sequence, grain_type, grain_key, record_id, kind, payload, written_at";
    private const string ReminderColumns = "grain_type, grain_key, name, first_tick, period, next_due";

    // Locks the batch's existing state rows in one fixed order (so two stores batching the same grains
    // cannot deadlock) and reads their versions; the version check itself happens in memory under the lock.
    private const string LockBatchStatesSql = """
        SELECT g.grain_type, g.grain_key, g.version
        FROM grain_state g JOIN unnest(@types, @keys) AS k(grain_type, grain_key) USING (grain_type, grain_key)
        ORDER BY g.grain_type, g.grain_key
        FOR UPDATE OF g;
        """;

    private const string FindStoredRecordIdsSql = "SELECT record_id FROM journal WHERE record_id = ANY(@ids);";

    // Cluster mode: the epochs of the shards the batch's fenced writes name, share-locked until the commit, so a
    // takeover (which raises the epoch with an UPDATE) waits for this transaction or is seen by it; never both.
    private const string LockLeaseEpochsSql = "SELECT shard, epoch FROM shard_leases WHERE shard = ANY(@shards) ORDER BY shard FOR SHARE;";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;
    private readonly GroupCommitQueue _groupCommit;
    private NpgsqlConnection? _writerConnection;
    private int _disposed;

    private PostgresStore(NpgsqlDataSource dataSource, PostgresStoreOptions options)
    {
        _dataSource = dataSource;
        _timeProvider = options.TimeProvider;
        // This store never queues reminder upserts (its reminder table writes apart), so a batch holds grain writes only.
        _groupCommit = GroupCommitQueue.OnThreadPool(options.MaxWriteBatch, options.WriteQueueCapacity, batch => ApplyOrCountFailureAsync(batch.Writes), options.MaxLinger);
    }

    /// <summary>Creates the bounded connection pool and applies pending schema migrations.</summary>
    public static async Task<PostgresStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxPoolSize);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        GroupCommitOptions.Validate(options.MaxWriteBatch, options.WriteQueueCapacity, options.MaxLinger);

        var builder = new NpgsqlDataSourceBuilder(options.ConnectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = options.MaxPoolSize;
        builder.ConnectionStringBuilder.MinPoolSize = Math.Min(builder.ConnectionStringBuilder.MinPoolSize, options.MaxPoolSize);

        // The write path sends the same few statements thousands of times a second: prepared once per connection,
        // the server skips parsing and planning them. A connection string that sets Max Auto Prepare keeps its own.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
        }

        // The store leaves no session state behind (no SET, no temporary tables, advisory locks only per transaction),
        // so a connection going back to the pool needs no reset statements before its next use.
        builder.ConnectionStringBuilder.NoResetOnClose = true;

        var dataSource = builder.Build();
        try
        {
            await PostgresMigrations.ApplyAsync(dataSource, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PostgresStore(dataSource, options);
    }

    public async Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        await using var command = _dataSource.CreateCommand(ReadStateSql);
        AddGrainId(command, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredGrainState(reader.GetFieldValue<byte[]>(1), reader.GetInt64(0));
    }

    public async Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // REPEATABLE READ: both statements see one snapshot, so the tail matches the state row it was read with.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var snapshot = new NpgsqlBatchCommand(ReadSnapshotSql);
        AddGrainId(snapshot.Parameters, grainId);
        batch.BatchCommands.Add(snapshot);
        var tailCommand = new NpgsqlBatchCommand(ReadTailSql);
        AddGrainId(tailCommand.Parameters, grainId);
        batch.BatchCommands.Add(tailCommand);

        StoredGrainSnapshot? result = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result = new StoredGrainSnapshot(reader.GetFieldValue<byte[]>(1), reader.GetInt64(0), reader.GetInt64(2), []);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var tail = new List<StoredJournalRecord>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tail.Add(ReadJournalRecord(reader));
            }

            result = result is null ? null : result with { Tail = tail };
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    public Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateWrite(write);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return _groupCommit.EnqueueAsync(write, cancellationToken);
    }

    /// <summary>One write in its own transaction: a lone write, or the fallback after a batch met a foreign race.</summary>
    private async Task<long> WriteOneAsync(GrainStateWrite write, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var newVersion = await ApplyWriteAsync(connection, transaction, write, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return newVersion;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == JournalRecordIdConstraint)
        {
            // The failed statement aborted the transaction: the state write is gone with it.
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            var recordId = StorageArguments.FindRepeatedInBatch(write.Records)
                ?? await FindStoredRecordIdAsync(connection, write.Records, cancellationToken).ConfigureAwait(false)
                ?? write.Records[0].RecordId;
            throw new DuplicateJournalRecordException(recordId);
        }
    }

    public async Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        StorageArguments.ValidateExpectedVersion(expectedVersion);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = new NpgsqlCommand(ClearSql, connection, transaction);
        AddGrainId(delete, grainId);
        delete.Parameters.AddWithValue("expected", expectedVersion);
        if ((long)(await delete.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 0)
        {
            var stored = await ReadStoredVersionAsync(connection, transaction, grainId, cancellationToken).ConfigureAwait(false);

            // Clearing a grain that holds nothing, naming version 0, is a no-op: the store already agrees.
            if (!(expectedVersion == 0 && stored is null))
            {
                throw new InconsistentStateException(grainId, expectedVersion, stored);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoredJournalRecord> ReadGrainJournalAsync(
        GrainId grainId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        await using var command = _dataSource.CreateCommand(
            $"SELECT {JournalColumns} FROM journal WHERE grain_type = @type AND grain_key = @key ORDER BY sequence;");
        AddGrainId(command, grainId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadJournalRecord(reader);
        }
    }

    public async IAsyncEnumerable<StoredJournalRecord> ReadAllAsync(
        long afterSequence,
        int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StorageArguments.ValidateJournalPage(afterSequence, limit);
        await using var command = _dataSource.CreateCommand(
            $"SELECT {JournalColumns} FROM journal WHERE sequence > @after ORDER BY sequence LIMIT @limit;");
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReadJournalRecord(reader);
        }
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {ReminderColumns} FROM reminders ORDER BY next_due, grain_type, grain_key, name;");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadReminder(reader));
        }

        return result;
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        StorageArguments.ValidateReminderName(name);
        await using var command = _dataSource.CreateCommand(
            $"SELECT {ReminderColumns} FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name;");
        AddGrainId(command, grainId);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadReminder(reader) : null;
    }

    public async Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateReminder(entry);

        // A single statement is its own transaction, committed before the task completes. In a cluster the row is
        // written only if the writer's shard epoch is current (the lease row share-locked, as for grain state).
        await using var command = _dataSource.CreateCommand(entry.Fence is null
            ? $"""
                INSERT INTO reminders ({ReminderColumns})
                VALUES (@type, @key, @name, @first_tick, @period, @next_due)
                ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET
                    first_tick = excluded.first_tick, period = excluded.period, next_due = excluded.next_due;
                """
            : $"""
                WITH fence AS (SELECT 1 FROM shard_leases WHERE shard = @shard AND epoch = @epoch FOR SHARE)
                INSERT INTO reminders ({ReminderColumns})
                SELECT @type, @key, @name, @first_tick, @period, @next_due WHERE EXISTS (SELECT 1 FROM fence)
                ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET
                    first_tick = excluded.first_tick, period = excluded.period, next_due = excluded.next_due;
                """);
        if (entry.Fence is { } fence)
        {
            command.Parameters.Add(new NpgsqlParameter<int>("shard", NpgsqlDbType.Integer) { TypedValue = fence.Shard });
            command.Parameters.Add(new NpgsqlParameter<long>("epoch", NpgsqlDbType.Bigint) { TypedValue = fence.Epoch });
        }

        AddGrainId(command, entry.GrainId);
        command.Parameters.AddWithValue("name", entry.Name);
        command.Parameters.Add(new NpgsqlParameter<DateTime>("first_tick", NpgsqlDbType.TimestampTz) { TypedValue = StorageTime.ToUtcDateTime(entry.FirstTick) });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("period", NpgsqlDbType.Interval) { TypedValue = StorageTime.TruncateToMicroseconds(entry.Period) });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("next_due", NpgsqlDbType.TimestampTz) { TypedValue = StorageTime.ToUtcDateTime(entry.NextDue) });
        var written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (written == 0 && entry.Fence is { } refused)
        {
            await using var current = _dataSource.CreateCommand("SELECT epoch FROM shard_leases WHERE shard = @shard;");
            current.Parameters.Add(new NpgsqlParameter<int>("shard", NpgsqlDbType.Integer) { TypedValue = refused.Shard });
            throw new FencedWriteException(entry.GrainId, refused, await current.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?);
        }
    }

    /// <summary>
    /// Every entry in one transaction of two round trips: the lease rows of the fenced entries' shards share-locked
    /// (as a grain write batch does, so a takeover waits for this commit or is seen by it), then one multi-row upsert
    /// of the entries whose epoch is current. A superseded entry is refused alone; a later entry for the same
    /// reminder wins.
    /// </summary>
    public async Task<IReadOnlyList<FencedWriteException?>> UpsertManyAsync(IReadOnlyList<ReminderEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            StorageArguments.ValidateReminder(entry);
        }

        var refusals = new FencedWriteException?[entries.Count];
        if (entries.Count == 0)
        {
            return refusals;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var fencedShards = entries.Where(e => e.Fence is not null).Select(e => e.Fence!.Value.Shard).Distinct().Order().ToArray();
        var leaseEpochs = new Dictionary<int, long>();
        if (fencedShards.Length > 0)
        {
            await using var leases = new NpgsqlCommand(LockLeaseEpochsSql, connection, transaction);
            leases.Parameters.Add(new NpgsqlParameter<int[]>("shards", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = fencedShards });
            await using var reader = await leases.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                leaseEpochs[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        // One row per reminder (ON CONFLICT cannot touch a row twice in one statement): the last accepted entry wins.
        var accepted = new Dictionary<(string Type, string Key, string Name), ReminderEntry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Fence is { } fence && (!leaseEpochs.TryGetValue(fence.Shard, out var epoch) || epoch != fence.Epoch))
            {
                refusals[i] = new FencedWriteException(entry.GrainId, fence, leaseEpochs.TryGetValue(fence.Shard, out var current) ? current : null);
                continue;
            }

            accepted[(entry.GrainId.Type, entry.GrainId.Key, entry.Name)] = entry;
        }

        if (accepted.Count > 0)
        {
            var rows = accepted.Values.ToArray();
            await using var upsert = new NpgsqlCommand(
                $"""
                INSERT INTO reminders ({ReminderColumns})
                SELECT * FROM unnest(@types, @keys, @names, @first_ticks, @periods, @next_dues)
                ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET
                    first_tick = excluded.first_tick, period = excluded.period, next_due = excluded.next_due;
                """,
                connection,
                transaction);
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = rows.Select(e => e.GrainId.Type).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = rows.Select(e => e.GrainId.Key).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter<string[]>("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = rows.Select(e => e.Name).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter<DateTime[]>("first_ticks", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = rows.Select(e => StorageTime.ToUtcDateTime(e.FirstTick)).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter<TimeSpan[]>("periods", NpgsqlDbType.Array | NpgsqlDbType.Interval) { TypedValue = rows.Select(e => StorageTime.TruncateToMicroseconds(e.Period)).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter<DateTime[]>("next_dues", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = rows.Select(e => StorageTime.ToUtcDateTime(e.NextDue)).ToArray() });
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return refusals;
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        StorageArguments.ValidateReminderName(name);
        await using var command = _dataSource.CreateCommand(
            "DELETE FROM reminders WHERE grain_type = @type AND grain_key = @key AND name = @name;");
        AddGrainId(command, grainId);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Writes already queued were accepted: commit them (their callers are waiting) before closing the pool.
        await _groupCommit.DisposeAsync().ConfigureAwait(false);
        if (_writerConnection is not null)
        {
            await _writerConnection.DisposeAsync().ConfigureAwait(false);
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="ApplyBatchAsync"/>, counting the writes a failure (not a refusal: a lost connection, a server error)
    /// leaves open; the queue fails them. Writes the one-by-one path had already committed or refused are not counted.
    /// </summary>
    private async Task ApplyOrCountFailureAsync(IReadOnlyList<PendingWrite> batch)
    {
        try
        {
            await ApplyBatchAsync(batch).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            StorageMetrics.BatchFailed(Backend, batch.Count(pending => pending.IsOpen), failure);
            throw;
        }
    }

    private async Task ApplyBatchAsync(IReadOnlyList<PendingWrite> batch)
    {
        var start = StorageMetrics.Now();
        var now = StorageTime.ToUtcDateTime(_timeProvider.GetUtcNow());
        if (await TryWriteAsAssumedAsync(batch, now, start).ConfigureAwait(false)
            || (batch.Count > 1 && await TryWriteLookedUpBatchAsync(batch, now, start).ConfigureAwait(false)))
        {
            return;
        }

        // A lone write that could not be written as assumed (it is refused, or met a foreign writer), or a
        // batch that met a writer from another process on one of its grains or record ids between the lock
        // and the insert (rolled back whole): one transaction per write, which refuses exactly the losing
        // writes with the usual exceptions.
        foreach (var pending in batch)
        {
            var single = StorageMetrics.Now();
            if (pending.Write.Pipeline is { IsBroken: true })
            {
                var earlier = new EarlierWriteRefusedException(pending.Write.GrainId, pending.Write.ExpectedVersion);
                StorageMetrics.WriteRefused(Backend, earlier);
                pending.Fail(earlier);
                continue;
            }

            try
            {
                var version = await WriteOneAsync(pending.Write, now, CancellationToken.None).ConfigureAwait(false);
                StorageMetrics.BatchCommitted(Backend, 1, StorageMetrics.Since(single));
                StorageMetrics.StateWritten(Backend, snapshot: !pending.Write.AppendOnly);
                pending.Succeed(version);
            }
            catch (Exception refusal) when (refusal is InconsistentStateException or DuplicateJournalRecordException or FencedWriteException)
            {
                StorageMetrics.WriteRefused(Backend, refusal);
                pending.Fail(refusal);
            }
        }
    }

    /// <summary>
    /// The usual case in one round trip: BEGIN, the statements of a plan that assumes every write is accepted
    /// (each grain at the version its first write expects, no record id stored, every fence current) and
    /// checks that in the same statements, and COMMIT. Returns false, having written nothing, when the batch
    /// holds a write that must be refused or an assumption proves wrong (the caller then looks the batch up).
    /// </summary>
    private async Task<bool> TryWriteAsAssumedAsync(IReadOnlyList<PendingWrite> batch, DateTime now, long start)
    {
        if (batch.Any(p => p.Write.Pipeline is { IsBroken: true }))
        {
            return false;
        }

        var plan = PostgresBatchPlan.Assuming(batch.Select(p => p.Write));
        if (batch.Any(p => plan.TryAccept(p.Write) is not null))
        {
            return false;
        }

        var connection = await OpenWriterConnectionAsync().ConfigureAwait(false);
        await using (var apply = new NpgsqlBatch(connection))
        {
            apply.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            plan.AddStatements(apply, now);

            // PostgreSQL flushes the WAL (synchronous_commit) before it answers the COMMIT, the batch's last statement.
            apply.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
            try
            {
                await apply.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.InvariantSeverity is not ("FATAL" or "PANIC"))
            {
                // A check refused (or a unique violation, a deadlock): the statements after it were skipped,
                // COMMIT with them, and the transaction is aborted. Nothing of the batch is written. (A FATAL error
                // ended the session itself, so there is nothing to roll back: it goes on to fail the batch, and the
                // next batch opens a new connection.)
                await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                return false;
            }
        }

        StorageMetrics.BatchCommitted(Backend, plan.AcceptedWrites, StorageMetrics.Since(start));
        for (var i = 0; i < batch.Count; i++)
        {
            StorageMetrics.StateWritten(Backend, snapshot: !batch[i].Write.AppendOnly);
            batch[i].Succeed(plan.NewVersions[i]);
        }

        return true;
    }

    /// <summary>
    /// The writer loop's own connection, kept open between batches: returning it to the pool would have the
    /// next batch reset the session (DISCARD ALL) and lose its prepared statements. Reopened after a failure.
    /// </summary>
    private async Task<NpgsqlConnection> OpenWriterConnectionAsync()
    {
        if (_writerConnection is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        if (_writerConnection is not null)
        {
            await _writerConnection.DisposeAsync().ConfigureAwait(false);
            _writerConnection = null;
        }

        _writerConnection = await _dataSource.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        return _writerConnection;
    }

    /// <summary>
    /// <see cref="TryWriteBatchAsync"/>, except that a deadlock is a reason to write one by one: its fixed lock order
    /// cannot deadlock with another process's looked-up batch, but can with one written as assumed (see
    /// <see cref="PostgresBatchPlan"/>), and PostgreSQL may abort either.
    /// </summary>
    private async Task<bool> TryWriteLookedUpBatchAsync(IReadOnlyList<PendingWrite> batch, DateTime now, long start)
    {
        try
        {
            return await TryWriteBatchAsync(batch, now, start).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == DeadlockDetected)
        {
            // The transaction was rolled back when TryWriteBatchAsync left; nothing of the batch is written.
            return false;
        }
    }

    /// <summary>
    /// Applies the batch in one transaction and one commit, after looking up the stored versions, record ids and
    /// lease epochs. Returns false (having written nothing) when a writer outside this store touched the batch's
    /// grains or record ids concurrently.
    /// </summary>
    private async Task<bool> TryWriteBatchAsync(IReadOnlyList<PendingWrite> batch, DateTime now, long start)
    {
        var grains = batch.Select(p => p.Write.GrainId).Distinct().ToArray();
        var recordIds = batch.SelectMany(p => p.Write.Records).Select(r => r.RecordId).Distinct(StringComparer.Ordinal).ToArray();

        var connection = await OpenWriterConnectionAsync().ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);

        // Round trip 1 (BEGIN rides along): lock and read the versions, find record ids already stored.
        var storedVersions = new Dictionary<GrainId, long>();
        var claimedIds = new HashSet<string>(StringComparer.Ordinal);
        var fencedShards = batch.Where(p => p.Write.Fence is not null).Select(p => p.Write.Fence!.Value.Shard).Distinct().Order().ToArray();
        var leaseEpochs = new Dictionary<int, long>();
        await using (var lookup = new NpgsqlBatch(connection, transaction))
        {
            var ordersJournal = batch.Any(p => p.Write.Records.Count > 0);
            if (ordersJournal)
            {
                lookup.BatchCommands.Add(new NpgsqlBatchCommand(PostgresBatchPlan.LockJournalOrderSql));
            }

            var locks = new NpgsqlBatchCommand(LockBatchStatesSql);
            locks.Parameters.Add(new NpgsqlParameter<string[]>("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = grains.Select(g => g.Type).ToArray() });
            locks.Parameters.Add(new NpgsqlParameter<string[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = grains.Select(g => g.Key).ToArray() });
            lookup.BatchCommands.Add(locks);
            var ids = new NpgsqlBatchCommand(FindStoredRecordIdsSql);
            ids.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = recordIds });
            lookup.BatchCommands.Add(ids);
            if (fencedShards.Length > 0)
            {
                var leases = new NpgsqlBatchCommand(LockLeaseEpochsSql);
                leases.Parameters.Add(new NpgsqlParameter<int[]>("shards", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = fencedShards });
                lookup.BatchCommands.Add(leases);
            }

            await using var reader = await lookup.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
            if (ordersJournal)
            {
                await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false);
            }

            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                storedVersions[new GrainId(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }

            await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false);
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                claimedIds.Add(reader.GetString(0));
            }

            if (fencedShards.Length > 0)
            {
                await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false);
                while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    leaseEpochs[reader.GetInt32(0)] = reader.GetInt64(1);
                }
            }
        }

        // Decide every write in order, as if applied one after another: a write sees the versions and
        // record ids of the accepted writes before it in the batch.
        var plan = new PostgresBatchPlan(storedVersions, claimedIds, leaseEpochs);
        var refusals = batch.Select(p => plan.TryAccept(p.Write)).ToArray();

        if (plan.AcceptedWrites > 0)
        {
            // Round trip 2: every state row, snapshot and journal record of the batch in multi-row statements.
            await using (var apply = new NpgsqlBatch(connection, transaction))
            {
                var counts = plan.AddStatements(apply, now);
                await apply.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                for (var i = 0; i < counts.Count; i++)
                {
                    if (apply.BatchCommands[i].RecordsAffected != counts[i])
                    {
                        // A row we did not lock (a grain created, a record id stored) appeared meanwhile.
                        await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                        return false;
                    }
                }
            }

            // Round trip 3: the commit; PostgreSQL flushes the WAL (synchronous_commit) before answering.
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            StorageMetrics.BatchCommitted(Backend, plan.AcceptedWrites, StorageMetrics.Since(start));
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (refusals[i] is { } refusal)
            {
                StorageMetrics.WriteRefused(Backend, refusal);
                batch[i].Fail(refusal);
            }
            else
            {
                StorageMetrics.StateWritten(Backend, snapshot: !batch[i].Write.AppendOnly);
                batch[i].Succeed(plan.NewVersions[i]);
            }
        }

        return true;
    }

    /// <summary>The whole of one grain write inside a transaction the caller owns and commits.</summary>
    private static async Task<long> ApplyWriteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        GrainStateWrite write,
        DateTime now,
        CancellationToken cancellationToken)
    {
        if (write.Records.Count > 0)
        {
            await using var order = new NpgsqlCommand(PostgresBatchPlan.LockJournalOrderSql, connection, transaction);
            await order.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (write.Fence is { } fence)
        {
            await using var lease = new NpgsqlCommand("SELECT epoch FROM shard_leases WHERE shard = @shard FOR SHARE;", connection, transaction);
            lease.Parameters.Add(new NpgsqlParameter<int>("shard", NpgsqlDbType.Integer) { TypedValue = fence.Shard });
            var current = await lease.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
            if (current != fence.Epoch)
            {
                throw new FencedWriteException(write.GrainId, fence, current);
            }
        }

        var count = write.Records.Count;
        var recordIds = new string[count];
        var kinds = new string[count];
        var payloads = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            recordIds[i] = write.Records[i].RecordId;
            kinds[i] = write.Records[i].Kind;
            payloads[i] = write.Records[i].Payload;
        }

        var sql = write.AppendOnly ? AppendSql : write.ExpectedVersion == 0 ? InsertFirstVersionSql : UpdateVersionSql;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        AddGrainId(command, write.GrainId);
        command.Parameters.Add(new NpgsqlParameter<byte[]>("payload", NpgsqlDbType.Bytea) { TypedValue = write.Payload });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        if (write.ExpectedVersion != 0)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("expected", NpgsqlDbType.Bigint) { TypedValue = write.ExpectedVersion });
        }

        command.Parameters.Add(new NpgsqlParameter<string[]>("record_ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = recordIds });
        command.Parameters.Add(new NpgsqlParameter<string[]>("kinds", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = kinds });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = payloads });

        long? newVersion;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            newVersion = reader.IsDBNull(0) ? null : reader.GetInt64(0);
        }

        if (newVersion is null)
        {
            var stored = await ReadStoredVersionAsync(connection, transaction, write.GrainId, cancellationToken).ConfigureAwait(false);
            throw new InconsistentStateException(write.GrainId, write.ExpectedVersion, stored);
        }

        return newVersion.Value;
    }

    private static async Task<long?> ReadStoredVersionAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        GrainId grainId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version FROM grain_state WHERE grain_type = @type AND grain_key = @key;", connection, transaction);
        AddGrainId(command, grainId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    /// <summary>After a unique violation: the first of the write's record ids the store already holds.</summary>
    private static async Task<string?> FindStoredRecordIdAsync(
        NpgsqlConnection connection,
        IReadOnlyList<JournalRecord> records,
        CancellationToken cancellationToken)
    {
        var ids = records.Select(r => r.RecordId).ToArray();
        await using var command = new NpgsqlCommand(
            "SELECT record_id FROM journal WHERE record_id = ANY(@ids);", connection);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(reader.GetString(0));
            }
        }

        return ids.FirstOrDefault(stored.Contains);
    }

    private static void AddGrainId(NpgsqlCommand command, GrainId grainId) => AddGrainId(command.Parameters, grainId);

    private static void AddGrainId(NpgsqlParameterCollection parameters, GrainId grainId)
    {
        parameters.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Text) { TypedValue = grainId.Type });
        parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = grainId.Key });
    }

    private static StoredJournalRecord ReadJournalRecord(NpgsqlDataReader reader)
    {
        return new StoredJournalRecord(
            reader.GetInt64(0),
            new GrainId(reader.GetString(1), reader.GetString(2)),
            reader.GetString(3),
            reader.GetString(4),
            reader.GetFieldValue<byte[]>(5),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(6)));
    }

    private static ReminderEntry ReadReminder(NpgsqlDataReader reader)
    {
        return new ReminderEntry(
            new GrainId(reader.GetString(0), reader.GetString(1)),
            reader.GetString(2),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(3)),
            reader.GetFieldValue<TimeSpan>(4),
            new DateTimeOffset(reader.GetFieldValue<DateTime>(5)));
    }
}
