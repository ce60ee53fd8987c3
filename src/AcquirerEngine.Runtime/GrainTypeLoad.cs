namespace AcquirerEngine.Runtime;

/// <summary>What the activations of one grain type hold at a moment: how many, and their queued turns (total and largest).</summary>
internal readonly record struct GrainTypeLoad(int Activations, int Queued, int MaxQueued)
{
    public GrainTypeLoad Combine(GrainTypeLoad other) =>
        new(Activations + other.Activations, Queued + other.Queued, Math.Max(MaxQueued, other.MaxQueued));
}
