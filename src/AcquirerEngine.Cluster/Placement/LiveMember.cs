namespace AcquirerEngine.Cluster.Placement;

/// <summary>A member as the balancer sees it: a leaving member keeps serving but should own nothing.</summary>
public readonly record struct LiveMember(long Incarnation, bool Leaving);
