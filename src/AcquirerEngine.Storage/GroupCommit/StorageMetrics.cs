using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>
/// The write path's instruments, on the Meter "AcquirerEngine.Storage" (the /metrics exporter listens to
/// every "AcquirerEngine.*" Meter). Every value carries a "backend" tag: sqlite or postgres.
/// </summary>
internal static class StorageMetrics
{
    public const string MeterName = "AcquirerEngine.Storage";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> WriteBatches = Meter.CreateCounter<long>(
        "acquirer_storage_write_batches", unit: "{batch}", description: "Group-commit batches committed.");

    private static readonly Histogram<long> WriteBatchSize = Meter.CreateHistogram<long>(
        "acquirer_storage_write_batch_size", unit: "{write}", description: "Grain writes per committed batch (0 for a batch of reminder upserts only).");

    private static readonly Histogram<double> CommitSeconds = Meter.CreateHistogram<double>(
        "acquirer_storage_commit_seconds", unit: "s", description: "Time from the start of a batch to its durable commit.");

    private static readonly Counter<long> WritesRefused = Meter.CreateCounter<long>(
        "acquirer_storage_writes_refused", unit: "{write}", description: "Writes refused alone: reason stale (version) or duplicate (record id).");

    private static readonly Counter<long> WritesFailed = Meter.CreateCounter<long>(
        "acquirer_storage_writes_failed", unit: "{write}",
        description: "Grain writes and reminder upserts failed with their whole batch because the store could not commit it (a full disk, an I/O error, a lost connection); tag error: the exception's type. Not refusals: see acquirer_storage_writes_refused.");

    private static readonly Counter<long> StateWrites = Meter.CreateCounter<long>(
        "acquirer_storage_state_writes", unit: "{write}", description: "Committed grain writes by kind: snapshot (full state) or append (records and a version bump only).");

    private static readonly Histogram<double> WriterPhaseSeconds = Meter.CreateHistogram<double>(
        "acquirer_storage_writer_phase_seconds", unit: "s",
        description: "Where an SQLite batch's time went, per batch and phase: wait (for the write lock, which a checkpoint rewinding the WAL holds), begin, version, snapshot, records, reminders (reminder upserts riding in the batch), commit (the COMMIT statement: WAL write and fsync).");

    private static readonly Histogram<double> CheckpointSeconds = Meter.CreateHistogram<double>(
        "acquirer_storage_checkpoint_seconds", unit: "s",
        description: "SQLite WAL checkpoints run apart from the writer's commits, by mode: passive and catchup (beside the writer), sync (the database file synced before a rewind, beside the writer), rewind (between two batches, WAL over its bound) or restart (the same, waiting for readers: the last rewind was missed).");

    private static readonly Histogram<long> CheckpointFrames = Meter.CreateHistogram<long>(
        "acquirer_storage_checkpoint_wal_frames", unit: "{frame}", description: "Frames in the SQLite WAL when a background checkpoint ran.");

    public static void WriterPhase(string phase, long ticks)
    {
        WriterPhaseSeconds.Record(Stopwatch.GetElapsedTime(0, ticks).TotalSeconds, new KeyValuePair<string, object?>("phase", phase));
    }

    public static void Checkpointed(string mode, long walFrames, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("mode", mode);
        CheckpointSeconds.Record(elapsed.TotalSeconds, tag);
        CheckpointFrames.Record(walFrames, tag);
    }

    /// <summary>The checkpointer's own sync of the database file before a rewind: a duration with no WAL frames to report.</summary>
    public static void DatabaseFileSynced(TimeSpan elapsed)
    {
        CheckpointSeconds.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("mode", "sync"));
    }

    public static void BatchCommitted(string backend, int writes, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("backend", backend);
        WriteBatches.Add(1, tag);
        WriteBatchSize.Record(writes, tag);
        CommitSeconds.Record(elapsed.TotalSeconds, tag);
    }

    public static void WriteRefused(string backend, Exception refusal)
    {
        var reason = refusal is Runtime.Storage.DuplicateJournalRecordException ? "duplicate" : "stale";
        WritesRefused.Add(1, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>A batch the store could not commit: every one of its <paramref name="items"/> fails with <paramref name="failure"/>.</summary>
    public static void BatchFailed(string backend, int items, Exception failure)
    {
        WritesFailed.Add(items, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("error", failure.GetType().Name));
    }

    public static void StateWritten(string backend, bool snapshot)
    {
        StateWrites.Add(1, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("kind", snapshot ? "snapshot" : "append"));
    }

    public static long Now() => Stopwatch.GetTimestamp();

    public static TimeSpan Since(long start) => Stopwatch.GetElapsedTime(start);
}
