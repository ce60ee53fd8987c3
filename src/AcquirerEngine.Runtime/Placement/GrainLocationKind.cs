namespace AcquirerEngine.Runtime.Placement;

public enum GrainLocationKind
{
    /// <summary>This node owns the grain: the call runs here.</summary>
    Local,

    /// <summary>Another node owns it: the call is forwarded there.</summary>
    Remote,

    /// <summary>Nobody owns it right now (a shard between owners): the caller waits briefly, then gets "unavailable, retry".</summary>
    Unowned,
}
