using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>One request, one response.</summary>
internal sealed class UnaryServerMethod<TRequest, TResponse> : IServerMethod
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly Func<TRequest, ServerCallContext, Task<TResponse>> _handler;
    private readonly MessageParser<TRequest> _parser;

    public UnaryServerMethod(MethodDescriptor descriptor, Func<TRequest, ServerCallContext, Task<TResponse>> handler)
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
        var response = await _handler(request, call.Context).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Handler of {call.Context.Method} returned a null response.");
        await call.WriteMessageAsync(response, call.Context.CancellationToken).ConfigureAwait(false);
    }
}
