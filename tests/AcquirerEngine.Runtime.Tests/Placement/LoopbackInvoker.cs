using System.Collections.Concurrent;
using AcquirerEngine.Runtime.Placement;

namespace AcquirerEngine.Runtime.Tests.Placement;

/// <summary>Delivers remote grain calls to runtimes in this process by address, counting what crossed.</summary>
internal sealed class LoopbackInvoker : IRemoteGrainInvoker
{
    private readonly ConcurrentDictionary<string, GrainRuntime> _nodes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Address, RemoteGrainCall Call)> _calls = new();

    public IReadOnlyList<(string Address, RemoteGrainCall Call)> Calls => [.. _calls];

    public void Add(string address, GrainRuntime runtime) => _nodes[address] = runtime;

    public async Task<byte[]> InvokeAsync(string address, RemoteGrainCall call, CancellationToken cancellationToken)
    {
        _calls.Enqueue((address, call));

        // Off the caller's stack, as a network hop would be.
        await Task.Yield();
        return await _nodes[address].InvokeRemoteCallAsync(call, cancellationToken);
    }
}
