namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>The running total and the node that served the call (to check placement).</summary>
public sealed record TallyResult(int Total, string Node);
