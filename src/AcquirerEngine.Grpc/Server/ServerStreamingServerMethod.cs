using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>One request, a stream of responses written by the handler.</summary>
internal sealed class ServerStreamingServerMethod<TRequest, TResponse> : IServerMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> _handler;
    private readonly MessageParser<TRequest> _parser;

    public ServerStreamingServerMethod(
        MethodDescriptor descriptor,
        Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
    {
        Descriptor = descriptor;
        MethodLabel = GrpcServerMetrics.MethodLabel(GrpcServiceRegistry.GetRoute(descriptor));
        _handler = handler;
        _parser = (MessageParser<TRequest>)descriptor.InputType.Parser;
    }

    public MethodDescriptor Descriptor { get; }

    public string MethodLabel { get; }

    public async Task RunAsync(GrpcServerCall call)
    {
        var request = await call.ReadSingleRequestAsync(_parser).ConfigureAwait(false);
        ServerCallContext.Current = call.Context;
        await _handler(request, new ServerStreamWriter<TResponse>(call), call.Context).ConfigureAwait(false);
    }
}
