using AcquirerEngine.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace AcquirerEngine.Grpc;

/// <summary>
/// The service descriptors generated from protos/, and a type-driven method lookup. Hosts and clients
/// find methods through these instead of typing route strings, so a renamed RPC breaks the build or
/// startup rather than silently returning UNIMPLEMENTED.
/// </summary>
public static class GrpcServiceDescriptors
{
    /// <summary><c>acquirer.v1.TerminalService</c> (terminal.proto declares exactly one service).</summary>
    public static ServiceDescriptor TerminalService { get; } = TerminalReflection.Descriptor.Services.Single();

    /// <summary><c>acquirer.v1.OperatorService</c>.</summary>
    public static ServiceDescriptor OperatorService { get; } = OperatorReflection.Descriptor.Services.Single();

    /// <summary><c>acquirer.cluster.v1.ClusterService</c>: internal, node to node.</summary>
    public static ServiceDescriptor ClusterService { get; } = AcquirerEngine.Contracts.Cluster.V1.ClusterReflection.Descriptor.Services.Single();

    /// <summary><c>grpc.health.v1.Health</c>.</summary>
    public static ServiceDescriptor Health { get; } = HealthReflection.Descriptor.Services.Single();

    /// <summary>
    /// The method of <paramref name="service"/> taking <typeparamref name="TRequest"/> and returning
    /// <typeparamref name="TResponse"/> (the generated CLR types identify an RPC without naming it).
    /// </summary>
    /// <exception cref="InvalidOperationException">No method, or more than one, has these message types.</exception>
    public static MethodDescriptor FindMethod<TRequest, TResponse>(ServiceDescriptor service)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(service);
        var matches = service.Methods
            .Where(m => m.InputType.ClrType == typeof(TRequest) && m.OutputType.ClrType == typeof(TResponse))
            .ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException(
                $"{service.FullName} has {matches.Count} methods from {typeof(TRequest).Name} to {typeof(TResponse).Name}; expected exactly one.");
    }
}
