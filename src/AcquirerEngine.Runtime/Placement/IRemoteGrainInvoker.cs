namespace AcquirerEngine.Runtime.Placement;

/// <summary>
/// Carries a <see cref="RemoteGrainCall"/> to another node and returns the JSON result. The transport (gRPC in a
/// cluster) lives outside the runtime. Failures surface as exceptions the runtime's callers already understand:
/// <see cref="GrainUnavailableException"/> for "nobody can serve this right now, retry".
/// </summary>
public interface IRemoteGrainInvoker
{
    Task<byte[]> InvokeAsync(string address, RemoteGrainCall call, CancellationToken cancellationToken);
}
