namespace AcquirerEngine.Runtime.Placement;

/// <summary>
/// Decides which node runs a grain. Without one the runtime runs every grain locally (the single-node default);
/// a cluster supplies one backed by its shard leases. Called on every grain call, so it must be cheap and non-blocking.
/// </summary>
public interface IGrainPlacement
{
    GrainLocation Locate(GrainId grainId);

    /// <summary>The fencing token writes of the grain carry; null when the store need not check ownership.</summary>
    Storage.WriteFence? FenceFor(GrainId grainId) => null;
}
