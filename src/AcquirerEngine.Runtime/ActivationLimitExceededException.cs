namespace AcquirerEngine.Runtime;

/// <summary>
/// A grain could not be activated because <see cref="GrainRuntimeOptions.MaxActivations"/> activations exist
/// and none of them is idle (so none could be evicted).
/// </summary>
public sealed class ActivationLimitExceededException : Exception
{
    public ActivationLimitExceededException(GrainId grainId, int maxActivations)
        : base($"Cannot activate grain {grainId}: {maxActivations} activations exist (MaxActivations) and none is idle.")
    {
        GrainId = grainId;
        MaxActivations = maxActivations;
    }

    public GrainId GrainId { get; }

    public int MaxActivations { get; }
}
