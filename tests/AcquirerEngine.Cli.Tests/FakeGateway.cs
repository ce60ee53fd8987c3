using AcquirerEngine.Cli;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using Google.Protobuf;
using Grpc.Health.V1;

namespace AcquirerEngine.Cli.Tests;

/// <summary>Records what the CLI would send and answers with canned responses, or fails every call with <see cref="Failure"/>.</summary>
public sealed class FakeGateway : IAcquirerGateway
{
    public List<IMessage> Requests { get; } = [];

    public List<CallOptions> Options { get; } = [];

    public CliSettings? Settings { get; set; }

    public Exception? Failure { get; set; }

    public HealthCheckResponse Health { get; set; } = new() { Status = HealthCheckResponse.Types.ServingStatus.Serving };

    public SaleResponse Sale { get; set; } = new() { Result = SaleResult.Approved, Rrn = "600510000011", ApprovalCode = "ABC123" };

    public List<Transaction> Batch { get; } = [];

    public bool Disposed { get; private set; }

    public Task<HealthCheckResponse> CheckHealthAsync(HealthCheckRequest request, CallOptions options) => Answer(request, options, Health);

    public Task<OnboardMerchantResponse> OnboardMerchantAsync(OnboardMerchantRequest request, CallOptions options) =>
        Answer(request, options, new OnboardMerchantResponse { Created = true });

    public Task<RegisterTerminalResponse> RegisterTerminalAsync(RegisterTerminalRequest request, CallOptions options) =>
        Answer(request, options, new RegisterTerminalResponse { Created = false });

    public Task<SignOnResponse> SignOnAsync(SignOnRequest request, CallOptions options) => Answer(request, options, new SignOnResponse { BatchNo = 7 });

    public Task<SignOffResponse> SignOffAsync(SignOffRequest request, CallOptions options) => Answer(request, options, new SignOffResponse { BatchNo = 8 });

    public Task<SaleResponse> SaleAsync(SaleRequest request, CallOptions options) => Answer(request, options, Sale);

    public Task<VoidResponse> VoidAsync(VoidRequest request, CallOptions options) =>
        Answer(request, options, new VoidResponse { State = TransactionState.Voided, Rrn = "632610000014" });

    public Task<ReverseResponse> ReverseAsync(ReverseRequest request, CallOptions options) =>
        Answer(request, options, new ReverseResponse { State = TransactionState.Reversed, Duplicate = true });

    public Task<Transaction> GetTransactionAsync(GetTransactionRequest request, CallOptions options) =>
        Answer(request, options, Batch.FirstOrDefault() ?? new Transaction());

    public async IAsyncEnumerable<Transaction> ListBatchTransactionsAsync(
        ListBatchTransactionsRequest request,
        CallOptions options)
    {
        Record(request, options);
        foreach (var transaction in Batch)
        {
            await Task.Yield();
            yield return transaction;
        }

        if (Failure is not null)
        {
            throw Failure;
        }
    }

    public void Dispose() => Disposed = true;

    private Task<T> Answer<T>(IMessage request, CallOptions options, T response)
    {
        Record(request, options);
        return Failure is null ? Task.FromResult(response) : Task.FromException<T>(Failure);
    }

    private void Record(IMessage request, CallOptions options)
    {
        Requests.Add(request);
        Options.Add(options);
    }
}
