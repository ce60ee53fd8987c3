namespace AcquirerEngine.Grpc.Tests.Server;

/// <summary>Every end-to-end test of <see cref="GrpcServerEndToEndTests"/> with the client on its own HTTP/2 connections.</summary>
public sealed class GrpcServerEndToEndOverDirectHttp2Tests : GrpcServerEndToEndTests
{
    protected override GrpcClientTransport Transport => GrpcClientTransport.DirectHttp2;
}
