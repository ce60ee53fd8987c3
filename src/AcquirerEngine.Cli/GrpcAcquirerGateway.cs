using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using Grpc.Health.V1;

namespace AcquirerEngine.Cli;

/// <summary>The gateway over the product's own .NET gRPC client; one HTTP/2 connection per invocation.</summary>
public sealed class GrpcAcquirerGateway : IAcquirerGateway
{
    private readonly GrpcClient _client;
    private readonly TerminalServiceClient _terminal;
    private readonly HealthClient _health;
    private readonly string? _operatorToken;

    public GrpcAcquirerGateway(CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // A refused connection should fail within the call's own deadline, not the client's 10 s default.
        _client = new GrpcClient(settings.Address, new GrpcClientOptions { ConnectTimeout = settings.Timeout });
        _terminal = new TerminalServiceClient(_client);
        _health = new HealthClient(_client);
        _operatorToken = settings.OperatorToken;
    }

    public Task<HealthCheckResponse> CheckHealthAsync(HealthCheckRequest request, CallOptions options) =>
        _health.CheckAsync(request, options);

    public Task<OnboardMerchantResponse> OnboardMerchantAsync(OnboardMerchantRequest request, CallOptions options) =>
        Operator().OnboardMerchantAsync(request, options);

    public Task<RegisterTerminalResponse> RegisterTerminalAsync(RegisterTerminalRequest request, CallOptions options) =>
        Operator().RegisterTerminalAsync(request, options);

    public Task<SignOnResponse> SignOnAsync(SignOnRequest request, CallOptions options) => _terminal.SignOnAsync(request, options);

    public Task<SignOffResponse> SignOffAsync(SignOffRequest request, CallOptions options) => _terminal.SignOffAsync(request, options);

    public Task<SaleResponse> SaleAsync(SaleRequest request, CallOptions options) => _terminal.SaleAsync(request, options);

    public Task<VoidResponse> VoidAsync(VoidRequest request, CallOptions options) => _terminal.VoidAsync(request, options);

    public Task<ReverseResponse> ReverseAsync(ReverseRequest request, CallOptions options) => _terminal.ReverseAsync(request, options);

    public Task<Transaction> GetTransactionAsync(GetTransactionRequest request, CallOptions options) =>
        _terminal.GetTransactionAsync(request, options);

    public IAsyncEnumerable<Transaction> ListBatchTransactionsAsync(ListBatchTransactionsRequest request, CallOptions options) =>
        _terminal.ListBatchTransactionsAsync(request, options);

    public void Dispose() => _client.Dispose();

    // Built per call so terminal commands work without a token; only operator calls need one.
    private OperatorServiceClient Operator()
    {
        if (string.IsNullOrEmpty(_operatorToken))
        {
            throw new CliUsageException(
                $"this command needs the operator token: pass --token or set {GlobalOptions.TokenVariable}");
        }

        try
        {
            return new OperatorServiceClient(_client, _operatorToken);
        }
        catch (ArgumentException)
        {
            // The client's message is not repeated: it must never echo the token.
            throw new CliUsageException("the operator token must be printable ASCII without spaces");
        }
    }
}
