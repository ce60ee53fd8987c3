namespace AcquirerEngine.Runtime.Placement;

/// <summary>
/// A grain call in transit between nodes: the target, the method (a stable id from <see cref="GrainMethodCatalog"/>),
/// the arguments as JSON and how many nodes it has already crossed (bounded, so a stale view cannot bounce it forever).
/// <see cref="Deadline"/> travels with every forward, so a call never outlives its first caller's patience.
/// </summary>
public sealed record RemoteGrainCall(GrainId GrainId, string Method, byte[] Arguments, int Hop)
{
    public DateTimeOffset? Deadline { get; init; }
}
