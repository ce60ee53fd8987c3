using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AcquirerEngine.Contracts.Cluster.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Placement;
using Google.Protobuf;

namespace AcquirerEngine.Cluster.Routing;

/// <summary>
/// The receiving end of node-to-node grain calls (acquirer.cluster.v1.ClusterService). Only nodes holding the
/// cluster's node token may call it; the runtime runs the call, forwards it, or refuses it as unavailable.
/// </summary>
public sealed class ClusterGrainService
{
    private readonly GrainRuntime _runtime;
    private readonly byte[] _expectedAuthorization;

    public ClusterGrainService(GrainRuntime runtime, string nodeToken)
    {
        _runtime = runtime ?? throw new ArgumentNullException(nameof(runtime));
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeToken);
        _expectedAuthorization = Encoding.UTF8.GetBytes("Bearer " + nodeToken);
    }

    public async Task<InvokeGrainResponse> InvokeGrainAsync(InvokeGrainRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var presented = Encoding.UTF8.GetBytes(context.RequestHeaders.GetValue("authorization") ?? string.Empty);
        if (!CryptographicOperations.FixedTimeEquals(presented, _expectedAuthorization))
        {
            throw new RpcException(StatusCode.Unauthenticated, "node-to-node calls need the cluster's node token");
        }

        if (string.IsNullOrEmpty(request.GrainType) || string.IsNullOrEmpty(request.Method))
        {
            throw new RpcException(StatusCode.InvalidArgument, "grain_type and method are required");
        }

        var grainId = new GrainId(request.GrainType, request.GrainKey);
        var call = new RemoteGrainCall(grainId, request.Method, request.ArgumentsJson.ToByteArray(), checked((int)request.Hop))
        {
            Deadline = context.Deadline,
        };
        try
        {
            var result = await _runtime.InvokeRemoteCallAsync(call, context.CancellationToken);
            return new InvokeGrainResponse { ResultJson = ByteString.CopyFrom(result) };
        }
        catch (GrainUnavailableException ex)
        {
            var trailers = new Metadata { { ClusterHeaders.RetryAfterMilliseconds, ((long)ex.RetryAfter.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) } };
            throw new RpcException(StatusCode.Unavailable, ex.Message, trailers);
        }
        catch (ArgumentException ex)
        {
            throw new RpcException(StatusCode.InvalidArgument, ex.Message);
        }
        catch (Exception ex) when (ex is not RpcException and not OperationCanceledException)
        {
            // The grain's own failure: its type travels so the calling node maps it as if it had happened there.
            var status = ex is MailboxFullException or ActivationLimitExceededException ? StatusCode.ResourceExhausted : StatusCode.Unknown;
            var trailers = new Metadata { { ClusterHeaders.ExceptionType, ex.GetType().FullName ?? ex.GetType().Name } };
            throw new RpcException(status, ex.Message, trailers);
        }
    }
}
