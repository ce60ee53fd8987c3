using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AcquirerEngine.Storage.Postgres;

/// <summary>
/// Decides a group-commit batch in memory against the versions locked in the database and the record
/// ids already stored, then turns the accepted writes into multi-row statements over unnest arrays:
/// update existing version rows (each grain once, to its version after the batch and the version of its
/// last snapshot in the batch, if any), insert new ones, upsert the snapshot payloads of the grains that
/// wrote one (append-only writes leave the stored snapshot alone), and append every accepted journal record,
/// tagged with the version its write produced, in batch order.
/// </summary>
/// <remarks>
/// A plan made by <see cref="Assuming"/> has read nothing: it takes every grain to be at the version its
/// first write in the batch expects, every shard at the epoch its first fenced write names and no record id
/// stored yet. Its statements check those assumptions themselves (the version update must match every row, the
/// lease epochs are share-locked as a looked-up plan locks them, inserts carry no ON CONFLICT, so a stored grain
/// or record id is a unique violation), so a wrong assumption aborts the transaction and nothing is written.
/// Its update locks rows in no fixed order: two processes' transactions appending records cannot deadlock, as
/// both take <see cref="LockJournalOrderSql"/> first; any other deadlock PostgreSQL breaks by aborting one: an
/// aborted assumed batch is then looked up (locking in a fixed order) like any batch whose assumption failed, an
/// aborted looked-up batch written one write at a time.
/// </remarks>
internal sealed class PostgresBatchPlan
{
    /// <summary>
    /// Taken (until commit) by every transaction that appends journal records, before it locks anything else, so
    /// journal sequences are assigned in commit order: a reader tailing by sequence never sees a record committed
    /// while one numbered below it is still in flight (identity values are assigned at insert, not at commit).
    /// Uncontended in one process, whose writes leave one at a time; across processes it orders their commits.
    /// The key is "AEJOURNL" in ASCII.
    /// </summary>
    public const string LockJournalOrderSql = "SELECT pg_advisory_xact_lock(4703247090452680268);";

    private const string UpdateStatesSql = """
        UPDATE grain_state s SET version = u.version, updated_at = @now,
            snapshot_version = CASE WHEN u.snapshot_version > 0 THEN u.snapshot_version ELSE s.snapshot_version END
        FROM unnest(@types, @keys, @expected, @versions, @snapshot_versions)
            AS u(grain_type, grain_key, expected, version, snapshot_version)
        WHERE s.grain_type = u.grain_type AND s.grain_key = u.grain_key AND s.version = u.expected
        """;

    // An assumed plan: every row must be at its expected version (under READ COMMITTED a row another transaction
    // changes meanwhile is re-checked after that transaction ends, and then does not match).
    private const string UpdateStatesRequiringVersionsSql = "WITH updated AS (" + UpdateStatesSql + """
         RETURNING 1)
        SELECT acquirer_require(count(*) = @count, 'a stored version differs from the batch''s') FROM updated;
        """;

    // Runs before the journal statement, so journal_floor (the end of a cleared earlier life) excludes this batch's records.
    private const string InsertStatesSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, updated_at, snapshot_version, journal_floor)
        SELECT i.grain_type, i.grain_key, i.version, @now, i.snapshot_version,
               COALESCE((SELECT max(j.sequence) FROM journal j WHERE j.grain_type = i.grain_type AND j.grain_key = i.grain_key), 0)
        FROM unnest(@types, @keys, @versions, @snapshot_versions) AS i(grain_type, grain_key, version, snapshot_version)
        """;

    // A looked-up plan: DO NOTHING, then a row count check; a grain another process created meanwhile makes the batch retry one by one.
    private const string InsertStatesIfAbsentSql = InsertStatesSql + " ON CONFLICT (grain_type, grain_key) DO NOTHING;";

    private const string UpsertSnapshotsSql = """
        INSERT INTO grain_snapshot (grain_type, grain_key, payload)
        SELECT * FROM unnest(@types, @keys, @payloads)
        ON CONFLICT (grain_type, grain_key) DO UPDATE SET payload = excluded.payload;
        """;

    // ORDER BY ord: the identity sequence is assigned in the batch's write order.
    private const string InsertJournalSql = """
        INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version)
        SELECT j.grain_type, j.grain_key, j.record_id, j.kind, j.payload, @now, j.grain_version
        FROM unnest(@types, @keys, @record_ids, @kinds, @payloads, @grain_versions) WITH ORDINALITY
            AS j(grain_type, grain_key, record_id, kind, payload, grain_version, ord)
        ORDER BY j.ord
        """;

    private const string InsertJournalIfAbsentSql = InsertJournalSql + " ON CONFLICT ON CONSTRAINT journal_record_id_unique DO NOTHING;";

    // An assumed plan's fence check: the lease rows of the fenced shards share-locked as a looked-up plan locks them
    // (a takeover raising an epoch waits for this commit or is seen by it).
    private const string RequireLeaseEpochsSql = """
        SELECT acquirer_require(count(*) = @count, 'a shard lease epoch differs from the batch''s')
        FROM (SELECT l.shard
              FROM shard_leases l JOIN unnest(@shards, @epochs) AS f(shard, epoch) ON l.shard = f.shard AND l.epoch = f.epoch
              ORDER BY l.shard
              FOR SHARE OF l) x;
        """;

    private readonly IReadOnlyDictionary<GrainId, long> _lockedVersions;
    private readonly Dictionary<GrainId, long> _currentVersions;
    private readonly HashSet<string> _claimedIds;
    private readonly Dictionary<GrainId, (byte[] Payload, long Version)> _snapshots = [];
    private readonly HashSet<GrainId> _touched = [];
    private readonly List<GrainId> _touchedGrains = [];
    private readonly List<(GrainId Grain, JournalRecord Record, long Version)> _records = [];
    private readonly List<long> _newVersions = [];
    private readonly HashSet<WritePipeline> _brokenInBatch = new(ReferenceEqualityComparer.Instance);

    private readonly IReadOnlyDictionary<int, long> _leaseEpochs;
    private readonly bool _assumed;

    /// <param name="leaseEpochs">The current epoch of each shard a fenced write of the batch names, read under FOR SHARE.</param>
    public PostgresBatchPlan(IReadOnlyDictionary<GrainId, long> lockedVersions, HashSet<string> storedRecordIds, IReadOnlyDictionary<int, long> leaseEpochs)
        : this(lockedVersions, storedRecordIds, leaseEpochs, assumed: false)
    {
    }

    private PostgresBatchPlan(IReadOnlyDictionary<GrainId, long> lockedVersions, HashSet<string> storedRecordIds, IReadOnlyDictionary<int, long> leaseEpochs, bool assumed)
    {
        _leaseEpochs = leaseEpochs;
        _lockedVersions = lockedVersions;
        _currentVersions = new Dictionary<GrainId, long>(lockedVersions);
        _claimedIds = storedRecordIds;
        _assumed = assumed;
    }

    /// <summary>A plan that reads nothing first: its statements require what it assumes (see the remarks).</summary>
    public static PostgresBatchPlan Assuming(IEnumerable<GrainStateWrite> writes)
    {
        var versions = new Dictionary<GrainId, long>();
        var epochs = new Dictionary<int, long>();
        var seen = new HashSet<GrainId>();
        foreach (var write in writes)
        {
            if (seen.Add(write.GrainId) && write.ExpectedVersion > 0)
            {
                versions[write.GrainId] = write.ExpectedVersion;
            }

            if (write.Fence is { } fence)
            {
                epochs.TryAdd(fence.Shard, fence.Epoch);
            }
        }

        return new PostgresBatchPlan(versions, new HashSet<string>(StringComparer.Ordinal), epochs, assumed: true);
    }

    public int AcceptedWrites { get; private set; }

    /// <summary>The new version of each write, in batch order (0 for a refused one).</summary>
    public IReadOnlyList<long> NewVersions => _newVersions;

    /// <summary>Accepts the write (null) or returns its refusal, exactly as a lone write would be refused.</summary>
    public Exception? TryAccept(GrainStateWrite write)
    {
        _newVersions.Add(0);
        var grain = write.GrainId;

        // Consecutive (pipelined) writes of one grain may share a batch: each is decided against the version the
        // accepted one before it produced; one behind a refused write of its pipeline is refused unapplied. The
        // pipeline itself is broken only when the refusal is reported (the batch may still be retried one by one).
        if (write.Pipeline is { } pipeline && (pipeline.IsBroken || _brokenInBatch.Contains(pipeline)))
        {
            return new EarlierWriteRefusedException(grain, write.ExpectedVersion);
        }

        var refusal = Decide(write);
        if (refusal is not null && write.Pipeline is { } refused)
        {
            _brokenInBatch.Add(refused);
        }

        return refusal;
    }

    private Exception? Decide(GrainStateWrite write)
    {
        var grain = write.GrainId;
        if (write.Fence is { } fence && (!_leaseEpochs.TryGetValue(fence.Shard, out var epoch) || epoch != fence.Epoch))
        {
            return new FencedWriteException(grain, fence, _leaseEpochs.TryGetValue(fence.Shard, out var held) ? held : null);
        }

        long? current = _currentVersions.TryGetValue(grain, out var version) ? version : null;
        if (write.ExpectedVersion != (current ?? 0))
        {
            return new InconsistentStateException(grain, write.ExpectedVersion, current);
        }

        var repeated = StorageArguments.FindRepeatedInBatch(write.Records)
            ?? write.Records.Select(r => r.RecordId).FirstOrDefault(_claimedIds.Contains);
        if (repeated is not null)
        {
            return new DuplicateJournalRecordException(repeated);
        }

        var newVersion = write.ExpectedVersion + 1;
        foreach (var record in write.Records)
        {
            _claimedIds.Add(record.RecordId);
            _records.Add((grain, record, newVersion));
        }

        if (_touched.Add(grain))
        {
            _touchedGrains.Add(grain);
        }

        if (!write.AppendOnly)
        {
            _snapshots[grain] = (write.Payload, newVersion);
        }

        _currentVersions[grain] = newVersion;
        _newVersions[^1] = newVersion;
        AcceptedWrites++;
        return null;
    }

    /// <summary>
    /// Adds the statements to <paramref name="batch"/>; returns the row count each must affect (a plan made by
    /// <see cref="Assuming"/> checks its counts itself, so it returns none). A looked-up plan's transaction took
    /// <see cref="LockJournalOrderSql"/> with its look-up; an assumed plan's statements start by taking it.
    /// </summary>
    public IReadOnlyList<int> AddStatements(NpgsqlBatch batch, DateTime now)
    {
        var counts = new List<int>();
        var updates = _touchedGrains.Where(_lockedVersions.ContainsKey).ToArray();
        var inserts = _touchedGrains.Where(g => !_lockedVersions.ContainsKey(g)).ToArray();
        var snapshots = _touchedGrains.Where(_snapshots.ContainsKey).ToArray();

        if (_assumed)
        {
            if (_records.Count > 0)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(LockJournalOrderSql));
            }

            AddLeaseRequirement(batch);
        }

        if (updates.Length > 0)
        {
            var update = Command(_assumed ? UpdateStatesRequiringVersionsSql : UpdateStatesSql, now, updates);
            update.Parameters.Add(Array("expected", NpgsqlDbType.Bigint, updates.Select(g => _lockedVersions[g]).ToArray()));
            update.Parameters.Add(Array("versions", NpgsqlDbType.Bigint, updates.Select(g => _currentVersions[g]).ToArray()));
            update.Parameters.Add(Array("snapshot_versions", NpgsqlDbType.Bigint, updates.Select(g => _snapshots.TryGetValue(g, out var s) ? s.Version : 0).ToArray()));
            if (_assumed)
            {
                update.Parameters.Add(new NpgsqlParameter<long>("count", NpgsqlDbType.Bigint) { TypedValue = updates.Length });
            }

            batch.BatchCommands.Add(update);
            counts.Add(updates.Length);
        }

        if (inserts.Length > 0)
        {
            var insert = Command(_assumed ? InsertStatesSql : InsertStatesIfAbsentSql, now, inserts);
            // A grain's first write is never an append (StorageArguments), so a new grain always has a snapshot here.
            insert.Parameters.Add(Array("versions", NpgsqlDbType.Bigint, inserts.Select(g => _currentVersions[g]).ToArray()));
            insert.Parameters.Add(Array("snapshot_versions", NpgsqlDbType.Bigint, inserts.Select(g => _snapshots[g].Version).ToArray()));
            batch.BatchCommands.Add(insert);
            counts.Add(inserts.Length);
        }

        if (snapshots.Length > 0)
        {
            var upsert = Command(UpsertSnapshotsSql, now: null, snapshots);
            upsert.Parameters.Add(Array("payloads", NpgsqlDbType.Bytea, snapshots.Select(g => _snapshots[g].Payload).ToArray()));
            batch.BatchCommands.Add(upsert);
            counts.Add(snapshots.Length);
        }

        if (_records.Count > 0)
        {
            var journal = Command(_assumed ? InsertJournalSql : InsertJournalIfAbsentSql, now, _records.Select(r => r.Grain).ToArray());
            journal.Parameters.Add(Array("record_ids", NpgsqlDbType.Text, _records.Select(r => r.Record.RecordId).ToArray()));
            journal.Parameters.Add(Array("kinds", NpgsqlDbType.Text, _records.Select(r => r.Record.Kind).ToArray()));
            journal.Parameters.Add(Array("payloads", NpgsqlDbType.Bytea, _records.Select(r => r.Record.Payload).ToArray()));
            journal.Parameters.Add(Array("grain_versions", NpgsqlDbType.Bigint, _records.Select(r => r.Version).ToArray()));
            batch.BatchCommands.Add(journal);
            counts.Add(_records.Count);
        }

        return _assumed ? [] : counts;
    }

    private void AddLeaseRequirement(NpgsqlBatch batch)
    {
        if (_leaseEpochs.Count > 0)
        {
            var shards = _leaseEpochs.Keys.Order().ToArray();
            var epochs = new NpgsqlBatchCommand(RequireLeaseEpochsSql);
            epochs.Parameters.Add(Array("shards", NpgsqlDbType.Integer, shards));
            epochs.Parameters.Add(Array("epochs", NpgsqlDbType.Bigint, shards.Select(s => _leaseEpochs[s]).ToArray()));
            epochs.Parameters.Add(new NpgsqlParameter<long>("count", NpgsqlDbType.Bigint) { TypedValue = shards.Length });
            batch.BatchCommands.Add(epochs);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, DateTime? now, GrainId[] grains)
    {
        var command = new NpgsqlBatchCommand(sql);
        if (now is { } time)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz) { TypedValue = time });
        }

        command.Parameters.Add(Array("types", NpgsqlDbType.Text, grains.Select(g => g.Type).ToArray()));
        command.Parameters.Add(Array("keys", NpgsqlDbType.Text, grains.Select(g => g.Key).ToArray()));
        return command;
    }

    private static NpgsqlParameter<T[]> Array<T>(string name, NpgsqlDbType elementType, T[] values) =>
        new(name, NpgsqlDbType.Array | elementType) { TypedValue = values };
}
