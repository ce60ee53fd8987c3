namespace AcquirerEngine.Cluster.Membership;

/// <summary>
/// One incarnation of a node: <paramref name="Incarnation"/> is unique across the cluster's history (a restarted node
/// is a new incarnation, never the old one revived), <paramref name="NodeId"/> the operator's name for the machine.
/// Times are the database's clock.
/// </summary>
public sealed record ClusterMember(
    long Incarnation,
    string NodeId,
    string Address,
    MemberStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeat);
