namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// A write carried a shard epoch that is no longer current: another node took the shard over. Nothing was written;
/// the writer is a former owner and must not trust its memory of the grain again.
/// </summary>
public sealed class FencedWriteException : Exception
{
    public FencedWriteException(GrainId grainId, WriteFence fence, long? currentEpoch)
        : base($"Write to {grainId} refused: shard {fence.Shard} is at epoch {currentEpoch?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, the writer holds epoch {fence.Epoch}.")
    {
        GrainId = grainId;
        Fence = fence;
        CurrentEpoch = currentEpoch;
    }

    public GrainId GrainId { get; }

    public WriteFence Fence { get; }

    public long? CurrentEpoch { get; }
}
