using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Storage;

/// <summary>
/// Argument checks shared by every backend, so that both stores refuse the same malformed calls
/// with the same exceptions (the contract tests run against both).
/// </summary>
internal static class StorageArguments
{
    public static void ValidateGrainId(GrainId grainId)
    {
        // GrainId is a struct: default(GrainId) carries null strings, which would otherwise reach SQL as NULL.
        if (string.IsNullOrEmpty(grainId.Type))
        {
            throw new ArgumentException("Grain type must not be empty.", nameof(grainId));
        }

        if (grainId.Key is null)
        {
            throw new ArgumentException("Grain key must not be null.", nameof(grainId));
        }
    }

    public static void ValidateExpectedVersion(long expectedVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
    }

    public static void ValidateWrite(GrainStateWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ValidateGrainId(write.GrainId);
        ValidateExpectedVersion(write.ExpectedVersion);
        ArgumentNullException.ThrowIfNull(write.Payload, nameof(write));
        ArgumentNullException.ThrowIfNull(write.Records, nameof(write));
        if (write.AppendOnly && write.ExpectedVersion == 0)
        {
            throw new ArgumentException("An append-only write needs a stored snapshot: a grain's first write is a full state.", nameof(write));
        }
        foreach (var record in write.Records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(write));
            if (string.IsNullOrEmpty(record.RecordId))
            {
                throw new ArgumentException("Journal record id must not be empty.", nameof(write));
            }

            ArgumentNullException.ThrowIfNull(record.Kind, nameof(write));
            ArgumentNullException.ThrowIfNull(record.Payload, nameof(write));
        }
    }

    public static void ValidateJournalPage(long afterSequence, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
    }

    public static void ValidateReminder(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ValidateGrainId(entry.GrainId);
        ValidateReminderName(entry.Name);
    }

    public static void ValidateReminderName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
    }

    /// <summary>
    /// The first record id repeated inside one write, or null. Backends use it to name the offending id
    /// after a unique-constraint violation, because the database error does not reliably name the
    /// value (PostgreSQL redacts details by default).
    /// </summary>
    public static string? FindRepeatedInBatch(IReadOnlyList<JournalRecord> records)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!seen.Add(record.RecordId))
            {
                return record.RecordId;
            }
        }

        return null;
    }
}
