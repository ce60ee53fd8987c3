using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>A registered method with its typed handler; hides the generic message types from the dispatcher.</summary>
internal interface IServerMethod
{
    MethodDescriptor Descriptor { get; }

    /// <summary>The metrics label of the method (its route without the leading slash), made once at registration.</summary>
    string MethodLabel { get; }

    /// <summary>Reads the request, runs the handler and writes the response messages (not the status).</summary>
    Task RunAsync(GrpcServerCall call);
}
