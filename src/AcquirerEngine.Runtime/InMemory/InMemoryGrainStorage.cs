using System.Runtime.CompilerServices;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.InMemory;

/// <summary>
/// Grain storage and journal in memory, for tests and simulations. Enforces the same rules as the real
/// stores: the version rule (refuse a write naming another version, nothing written) and store-wide
/// journal record id uniqueness (refuse the whole write). Payloads are copied in and out so callers
/// cannot mutate what is "stored".
/// </summary>
public sealed class InMemoryGrainStorage : IGrainStorage, IJournalReader
{
    private readonly object _lock = new();
    private readonly Dictionary<GrainId, StoredGrainState> _states = [];
    private readonly List<StoredJournalRecord> _journal = [];
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
            CheckVersion(write.GrainId, write.ExpectedVersion);

            var batchIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var record in write.Records)
            {
                if (_recordIds.Contains(record.RecordId) || !batchIds.Add(record.RecordId))
                {
                    throw new DuplicateJournalRecordException(record.RecordId);
                }
            }

            var newVersion = write.ExpectedVersion + 1;
            _states[write.GrainId] = new StoredGrainState([.. write.Payload], newVersion);
            var writtenAt = _timeProvider.GetUtcNow();
            foreach (var record in write.Records)
            {
                _recordIds.Add(record.RecordId);
                _journal.Add(new StoredJournalRecord(_journal.Count + 1, write.GrainId, record.RecordId, record.Kind, [.. record.Payload], writtenAt));
            }

            WriteCount++;
            return Task.FromResult(newVersion);
        }
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            CheckVersion(grainId, expectedVersion);
            _states.Remove(grainId);
            WriteCount++;
            return Task.CompletedTask;
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
