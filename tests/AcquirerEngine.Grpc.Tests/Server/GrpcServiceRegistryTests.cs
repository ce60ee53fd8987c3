using AcquirerEngine.Contracts.V1;
using Grpc.Health.V1;

namespace AcquirerEngine.Grpc.Tests.Server;

public sealed class GrpcServiceRegistryTests
{
    private static readonly Google.Protobuf.Reflection.MethodDescriptor Sale =
        GrpcServiceDescriptors.FindMethod<SaleRequest, SaleResponse>(GrpcServiceDescriptors.TerminalService);

    [Fact]
    public void Routes_are_derived_from_the_descriptors()
    {
        Assert.Equal("/acquirer.v1.TerminalService/Sale", GrpcServiceRegistry.GetRoute(Sale));
        var registry = new GrpcServiceRegistry().AddService(GrpcServiceDescriptors.Health, new HealthServiceImpl());
        Assert.Equal(["/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"], registry.Routes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_terminal_rpc_is_found_by_its_message_types()
    {
        var service = GrpcServiceDescriptors.TerminalService;
        Assert.Equal(10, service.Methods.Count);
        Assert.Equal("GetTransaction", GrpcServiceDescriptors.FindMethod<GetTransactionRequest, Transaction>(service).Name);
        Assert.Equal("ListBatchTransactions", GrpcServiceDescriptors.FindMethod<ListBatchTransactionsRequest, Transaction>(service).Name);
        Assert.Throws<InvalidOperationException>(() => GrpcServiceDescriptors.FindMethod<SaleRequest, Transaction>(service));
    }

    [Fact]
    public void Handler_types_or_kind_not_matching_the_descriptor_are_refused()
    {
        var registry = new GrpcServiceRegistry();
        var list = GrpcServiceDescriptors.FindMethod<ListBatchTransactionsRequest, Transaction>(GrpcServiceDescriptors.TerminalService);

        Assert.Throws<ArgumentException>(() => registry.AddUnary<VoidRequest, SaleResponse>(Sale, (_, _) => Task.FromResult(new SaleResponse())));
        Assert.Throws<ArgumentException>(() => registry.AddUnary<ListBatchTransactionsRequest, Transaction>(list, (_, _) => Task.FromResult(new Transaction())));
        Assert.Throws<ArgumentException>(() => registry.AddServerStreaming<SaleRequest, SaleResponse>(Sale, (_, _, _) => Task.CompletedTask));
        Assert.Empty(registry.Routes);
    }

    [Fact]
    public void Registering_a_route_twice_is_refused()
    {
        var registry = new GrpcServiceRegistry().AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) => Task.FromResult(new SaleResponse()));

        Assert.Throws<InvalidOperationException>(() => registry.AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) => Task.FromResult(new SaleResponse())));
    }

    [Fact]
    public void AddService_with_a_missing_method_registers_nothing_and_names_what_is_missing()
    {
        var registry = new GrpcServiceRegistry();

        var ex = Assert.Throws<InvalidOperationException>(() => registry.AddService(GrpcServiceDescriptors.Health, new HalfHealth()));

        Assert.Contains("Watch", ex.Message, StringComparison.Ordinal);
        Assert.Empty(registry.Routes);
    }

    private sealed class HalfHealth
    {
        public Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
            Task.FromResult(new HealthCheckResponse());
    }
}
