using System.Collections.Concurrent;
using System.Globalization;
using AcquirerEngine.Contracts.Cluster.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime.Placement;
using Google.Protobuf;

namespace AcquirerEngine.Cluster.Routing;

/// <summary>
/// Sends grain calls to other nodes over the gRPC wire layer: one pooled HTTP/2 client per node address, reused
/// for every call; the call's deadline travels as grpc-timeout. Statuses come back as the runtime's exceptions.
/// </summary>
public sealed class GrpcRemoteGrainInvoker : IRemoteGrainInvoker, IDisposable
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, GrpcClient> _clients = new(StringComparer.Ordinal);
    private readonly Metadata _authorization;
    private readonly Google.Protobuf.Reflection.MethodDescriptor _method =
        GrpcServiceDescriptors.FindMethod<InvokeGrainRequest, InvokeGrainResponse>(GrpcServiceDescriptors.ClusterService);

    public GrpcRemoteGrainInvoker(string nodeToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeToken);
        _authorization = new Metadata { { "authorization", "Bearer " + nodeToken } };
    }

    public async Task<byte[]> InvokeAsync(string address, RemoteGrainCall call, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentNullException.ThrowIfNull(call);
        var client = _clients.GetOrAdd(address, a => new GrpcClient(new Uri("http://" + a)));
        var request = new InvokeGrainRequest
        {
            GrainType = call.GrainId.Type,
            GrainKey = call.GrainId.Key,
            Method = call.Method,
            ArgumentsJson = ByteString.CopyFrom(call.Arguments),
            Hop = (uint)call.Hop,
        };
        try
        {
            var response = await client.UnaryAsync<InvokeGrainRequest, InvokeGrainResponse>(
                _method, request, new CallOptions { Deadline = call.Deadline, Headers = _authorization, CancellationToken = cancellationToken });
            return response.ResultJson.ToByteArray();
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
        {
            // Either the owner said "shard between owners" or its node could not be reached: nothing ran, retry.
            var retryAfter = long.TryParse(ex.Trailers.GetValue(ClusterHeaders.RetryAfterMilliseconds), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms)
                : DefaultRetryAfter;
            throw new GrainUnavailableException(call.GrainId, $"node {address}: {ex.Detail}", retryAfter, ex);
        }
        catch (RpcException ex) when (ex.Trailers.GetValue(ClusterHeaders.ExceptionType) is { } type)
        {
            throw new RemoteGrainException(call.GrainId, type, ex.Detail);
        }
        catch (RpcException ex)
        {
            throw new RemoteGrainException(call.GrainId, "grpc-" + ex.StatusCode, ex.Detail);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }
}
