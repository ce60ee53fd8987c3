using AcquirerEngine.Grpc;

namespace AcquirerEngine.LoadTests.Targets;

/// <summary>
/// The engine under load: one client per node address. Terminals are spread round-robin over the nodes;
/// operator calls (onboarding, clock, book check) go to the first node.
/// </summary>
public sealed class EngineTarget : IDisposable
{
    private readonly List<GrpcClient> _clients;
    private readonly List<TerminalServiceClient> _terminals;

    public EngineTarget(IReadOnlyList<Uri> nodes, string operatorToken, GrpcClientTransport transport = GrpcClientTransport.HttpClient)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            throw new ArgumentException("at least one node address is needed", nameof(nodes));
        }

        Nodes = nodes;
        _clients = [.. nodes.Select(n => new GrpcClient(n, new GrpcClientOptions { Transport = transport }))];
        _terminals = [.. _clients.Select(c => new TerminalServiceClient(c))];
        Operator = new OperatorServiceClient(_clients[0], operatorToken);
        Health = new HealthClient(_clients[0]);
    }

    public IReadOnlyList<Uri> Nodes { get; }

    public OperatorServiceClient Operator { get; }

    public HealthClient Health { get; }

    /// <summary>The terminal client of the node that serves terminal number <paramref name="terminalIndex"/>.</summary>
    public TerminalServiceClient TerminalFor(int terminalIndex) => _terminals[terminalIndex % _terminals.Count];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
