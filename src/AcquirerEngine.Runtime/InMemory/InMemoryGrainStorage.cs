using System.Runtime.CompilerServices;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.InMemory;

/// <summary>
/// Grain storage and journal in memory, for tests and simulations. Enforces the same rules as the real
/// stores: the version rule (refuse a write naming another version, nothing written) and store-wide
/// journal record id uniqueness (refuse the whole write), except for records their grain dedupes
/// (<see cref="JournalRecord.DedupedByGrain"/>), which it leaves to the grain as the SQLite store does, so grain
/// tests on it show the grain's own refusal. Payloads are copied in and out so callers
/// cannot mutate what is "stored". Append-only writes keep the last snapshot, as the real stores do.
/// </summary>
public sealed class InMemoryGrainStorage : IJournaledGrainStorage, IJournalReader
{
    private readonly object _lock = new();
    private readonly Dictionary<GrainId, StoredGrainState> _states = [];

    // Per grain: the version of the stored snapshot, and the last journal sequence of an earlier life
    // (before a clear), whose records never belong to this life's tail.
    private readonly Dictionary<GrainId, (long SnapshotVersion, long Floor)> _snapshots = [];
    private readonly List<StoredJournalRecord> _journal = [];
    private readonly List<long> _journalGrainVersions = [];
    private readonly HashSet<string> _recordIds = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public InMemoryGrainStorage(TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Number of successful writes (including clears), for tests.</summary>
    public int WriteCount { get; private set; }

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_states.TryGetValue(grainId, out var stored)
                ? new StoredGrainState([.. stored.Payload], stored.Version)
                : null);
        }
    }

    public Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (write.Pipeline is { IsBroken: true })
            {
                throw new EarlierWriteRefusedException(write.GrainId, write.ExpectedVersion);
            }

            try
            {
                return Task.FromResult(WriteLocked(write));
            }
            catch
            {
                // As the real stores: a refused write breaks its pipeline, so the writer's later writes are refused too.
                write.Pipeline?.Break();
                throw;
            }
        }
    }

    private long WriteLocked(GrainStateWrite write)
    {
        {
            CheckVersion(write.GrainId, write.ExpectedVersion);

            var batchIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in write.Records)
            {
                if (record.DedupedByGrain)
                {
                    continue;
                }

                if (_recordIds.Contains(record.RecordId) || !batchIds.Add(record.RecordId))
                {
                    throw new DuplicateJournalRecordException(record.RecordId);
                }
            }

            var newVersion = write.ExpectedVersion + 1;
            if (write.AppendOnly)
            {
                if (write.ExpectedVersion == 0)
                {
                    throw new ArgumentException("An append-only write needs a stored snapshot: a grain's first write is a full state.", nameof(write));
                }

                _states[write.GrainId] = _states[write.GrainId] with { Version = newVersion };
            }
            else
            {
                _states[write.GrainId] = new StoredGrainState([.. write.Payload], newVersion);
                var floor = write.ExpectedVersion == 0
                    ? _journal.Where(r => r.GrainId == write.GrainId).Select(r => r.Sequence).DefaultIfEmpty(0).Max()
                    : _snapshots[write.GrainId].Floor;
                _snapshots[write.GrainId] = (newVersion, floor);
            }

            var writtenAt = _timeProvider.GetUtcNow();
            foreach (var record in write.Records)
            {
                if (!record.DedupedByGrain)
                {
                    _recordIds.Add(record.RecordId);
                }

                _journal.Add(new StoredJournalRecord(_journal.Count + 1, write.GrainId, record.RecordId, record.Kind, [.. record.Payload], writtenAt));
                _journalGrainVersions.Add(newVersion);
            }

            WriteCount++;
            return newVersion;
        }
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            CheckVersion(grainId, expectedVersion);
            _states.Remove(grainId);
            _snapshots.Remove(grainId);
            WriteCount++;
            return Task.CompletedTask;
        }
    }

    public Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_states.TryGetValue(grainId, out var stored))
            {
                return Task.FromResult<StoredGrainSnapshot?>(null);
            }

            var (snapshotVersion, floor) = _snapshots[grainId];
            var tail = _journal
                .Where((r, i) => r.GrainId == grainId && r.Sequence > floor && _journalGrainVersions[i] > snapshotVersion)
                .Select(r => r with { Payload = [.. r.Payload] })
                .ToList();
            return Task.FromResult<StoredGrainSnapshot?>(new StoredGrainSnapshot([.. stored.Payload], stored.Version, snapshotVersion, tail));
        }
    }

    public async IAsyncEnumerable<StoredJournalRecord> ReadGrainJournalAsync(GrainId grainId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StoredJournalRecord[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _journal.Where(r => r.GrainId == grainId)];
        }

        foreach (var record in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredJournalRecord> ReadAllAsync(long afterSequence, int limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        StoredJournalRecord[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _journal.Where(r => r.Sequence > afterSequence).Take(limit)];
        }

        foreach (var record in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask;
    }

    private void CheckVersion(GrainId grainId, long expectedVersion)
    {
        // A missing (never written or cleared) grain is version 0.
        long? stored = _states.TryGetValue(grainId, out var current) ? current.Version : null;
        if ((stored ?? 0) != expectedVersion)
        {
            throw new InconsistentStateException(grainId, expectedVersion, stored);
        }
    }
}
