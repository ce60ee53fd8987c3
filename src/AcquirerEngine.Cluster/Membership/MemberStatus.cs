namespace AcquirerEngine.Cluster.Membership;

/// <summary>A member row's life: Active, then Leaving (handing shards over) and Left, or Dead. Left and Dead are final.</summary>
public enum MemberStatus
{
    Active,
    Leaving,
    Left,
    Dead,
}
