namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// A write named a version the store does not hold: another owner wrote in between (or a stale
/// activation is still alive). The writer must not trust its in-memory state any longer.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(GrainId grainId, long expectedVersion, long? storedVersion)
        : base($"Stale write to {grainId}: expected version {expectedVersion}, store holds {storedVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}.")
    {
        GrainId = grainId;
        ExpectedVersion = expectedVersion;
        StoredVersion = storedVersion;
    }

    public GrainId GrainId { get; }

    public long ExpectedVersion { get; }

    public long? StoredVersion { get; }
}
