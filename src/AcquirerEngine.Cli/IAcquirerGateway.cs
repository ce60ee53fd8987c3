using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using Grpc.Health.V1;

namespace AcquirerEngine.Cli;

/// <summary>
/// The engine calls the CLI makes, one per command. An interface so the actions can be tested without
/// a server; the real one is <see cref="GrpcAcquirerGateway"/>. Failures surface as <see cref="RpcException"/>.
/// </summary>
public interface IAcquirerGateway : IDisposable
{
    Task<HealthCheckResponse> CheckHealthAsync(HealthCheckRequest request, CallOptions options);

    Task<OnboardMerchantResponse> OnboardMerchantAsync(OnboardMerchantRequest request, CallOptions options);

    Task<RegisterTerminalResponse> RegisterTerminalAsync(RegisterTerminalRequest request, CallOptions options);

    Task<SignOnResponse> SignOnAsync(SignOnRequest request, CallOptions options);

    Task<SignOffResponse> SignOffAsync(SignOffRequest request, CallOptions options);

    Task<SaleResponse> SaleAsync(SaleRequest request, CallOptions options);

    Task<VoidResponse> VoidAsync(VoidRequest request, CallOptions options);

    Task<ReverseResponse> ReverseAsync(ReverseRequest request, CallOptions options);

    Task<Transaction> GetTransactionAsync(GetTransactionRequest request, CallOptions options);

    IAsyncEnumerable<Transaction> ListBatchTransactionsAsync(ListBatchTransactionsRequest request, CallOptions options);
}
