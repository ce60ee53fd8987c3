namespace AcquirerEngine.Cluster.Membership;

public enum HeartbeatResult
{
    /// <summary>The heartbeat was recorded: the member is still part of the cluster.</summary>
    Alive,

    /// <summary>The cluster declared this incarnation dead (or it left): it must stop serving and never write again.</summary>
    NoLongerMember,
}
