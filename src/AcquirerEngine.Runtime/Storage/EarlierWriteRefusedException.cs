namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// A pipelined write was refused because an earlier write of the same activation (<see cref="WritePipeline"/>)
/// was refused or failed: this one was built on memory the store never held. Nothing was written.
/// </summary>
public sealed class EarlierWriteRefusedException : Exception
{
    public EarlierWriteRefusedException(GrainId grainId, long expectedVersion)
        : base($"Write to {grainId} at version {expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)} refused: an earlier write of the same activation was refused or failed.")
    {
        GrainId = grainId;
        ExpectedVersion = expectedVersion;
    }

    public GrainId GrainId { get; }

    public long ExpectedVersion { get; }
}
