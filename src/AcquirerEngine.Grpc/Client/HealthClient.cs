using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace AcquirerEngine.Grpc;

/// <summary>Typed client of the standard <c>grpc.health.v1.Health</c> service.</summary>
public sealed class HealthClient
{
    private static readonly ServiceDescriptor Service = GrpcServiceDescriptors.Health;
    private static readonly MethodDescriptor CheckMethod =
        Service.Methods.Single(m => !m.IsServerStreaming && m.InputType.ClrType == typeof(HealthCheckRequest));
    private static readonly MethodDescriptor WatchMethod =
        Service.Methods.Single(m => m.IsServerStreaming && m.InputType.ClrType == typeof(HealthCheckRequest));

    private readonly GrpcClient _client;

    /// <summary>Creates the client over a shared <see cref="GrpcClient"/> (not owned).</summary>
    public HealthClient(GrpcClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>Health.Check; an unknown service ends with NOT_FOUND (as an <see cref="RpcException"/>).</summary>
    public Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(CheckMethod, request, options);

    /// <summary>Health.Watch: the current status, then each change, until cancelled.</summary>
    public IAsyncEnumerable<HealthCheckResponse> WatchAsync(HealthCheckRequest request, CallOptions? options = null) =>
        _client.ServerStreamingAsync<HealthCheckRequest, HealthCheckResponse>(WatchMethod, request, options);
}
