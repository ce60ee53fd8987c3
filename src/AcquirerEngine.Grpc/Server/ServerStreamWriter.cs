using Google.Protobuf;

namespace AcquirerEngine.Grpc;

/// <summary>Adapts the typed writer handed to handlers onto the call's framed, flushed writes.</summary>
internal sealed class ServerStreamWriter<T>(GrpcServerCall call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return call.WriteMessageAsync(message, cancellationToken);
    }
}
