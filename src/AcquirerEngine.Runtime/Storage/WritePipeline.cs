namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// One activation's ordered stream of writes, carried by each of its writes (<see cref="GrainStateWrite.Pipeline"/>).
/// An activation may queue its next write before the previous one is durable (pipelined writes, with predicted
/// versions); once any of its writes is refused or fails, the store refuses every later write of the same
/// pipeline with <see cref="EarlierWriteRefusedException"/>, whatever version it names. So a write queued behind a
/// refused one can never land on top of another writer's state that happens to carry the predicted version.
/// </summary>
/// <remarks>
/// Stores apply the writes of one grain in the order <see cref="IGrainStorage.WriteAsync"/> was called, so when a
/// store decides a write, every earlier write of its pipeline is already decided (accepted or broken).
/// </remarks>
public sealed class WritePipeline
{
    private volatile bool _broken;

    /// <summary>True once a write of this pipeline was refused or failed: every later one is refused.</summary>
    public bool IsBroken => _broken;

    /// <summary>Called by a store when it refuses or fails a write of this pipeline. Idempotent.</summary>
    public void Break() => _broken = true;
}
