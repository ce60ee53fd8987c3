using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>A registered method with its typed handler; hides the generic message types from the dispatcher.</summary>
internal interface IServerMethod
{
    MethodDescriptor Descriptor { get; }

    /// <summary>Reads the request, runs the handler and writes the response messages (not the status).</summary>
    Task RunAsync(GrpcServerCall call);
}
