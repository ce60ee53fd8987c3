using AcquirerEngine.Contracts.V1;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>Typed client of <c>acquirer.v1.TerminalService</c>: one method per RPC of terminal.proto.</summary>
public sealed class TerminalServiceClient
{
    // Methods are found by their message types in the generated descriptor, never by typed route strings.
    private static readonly ServiceDescriptor Service = GrpcServiceDescriptors.TerminalService;
    private static readonly MethodDescriptor SignOnMethod = GrpcServiceDescriptors.FindMethod<SignOnRequest, SignOnResponse>(Service);
    private static readonly MethodDescriptor SignOffMethod = GrpcServiceDescriptors.FindMethod<SignOffRequest, SignOffResponse>(Service);
    private static readonly MethodDescriptor SaleMethod = GrpcServiceDescriptors.FindMethod<SaleRequest, SaleResponse>(Service);
    private static readonly MethodDescriptor VoidMethod = GrpcServiceDescriptors.FindMethod<VoidRequest, VoidResponse>(Service);
    private static readonly MethodDescriptor ReverseMethod = GrpcServiceDescriptors.FindMethod<ReverseRequest, ReverseResponse>(Service);
    private static readonly MethodDescriptor RefundMethod = GrpcServiceDescriptors.FindMethod<RefundRequest, RefundResponse>(Service);
    private static readonly MethodDescriptor SettleBatchMethod = GrpcServiceDescriptors.FindMethod<SettleBatchRequest, SettleBatchResponse>(Service);
    private static readonly MethodDescriptor UploadBatchMethod = GrpcServiceDescriptors.FindMethod<UploadBatchRequest, UploadBatchResponse>(Service);
    private static readonly MethodDescriptor GetTransactionMethod = GrpcServiceDescriptors.FindMethod<GetTransactionRequest, Transaction>(Service);
    private static readonly MethodDescriptor ListBatchTransactionsMethod = GrpcServiceDescriptors.FindMethod<ListBatchTransactionsRequest, Transaction>(Service);

    private readonly GrpcClient _client;

    /// <summary>Creates the client over a shared <see cref="GrpcClient"/> (not owned).</summary>
    public TerminalServiceClient(GrpcClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <summary>0800 sign-on.</summary>
    public Task<SignOnResponse> SignOnAsync(SignOnRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<SignOnRequest, SignOnResponse>(SignOnMethod, request, options);

    /// <summary>0820 sign-off.</summary>
    public Task<SignOffResponse> SignOffAsync(SignOffRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<SignOffRequest, SignOffResponse>(SignOffMethod, request, options);

    /// <summary>0200 sale.</summary>
    public Task<SaleResponse> SaleAsync(SaleRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<SaleRequest, SaleResponse>(SaleMethod, request, options);

    /// <summary>0200/200000 void.</summary>
    public Task<VoidResponse> VoidAsync(VoidRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<VoidRequest, VoidResponse>(VoidMethod, request, options);

    /// <summary>0400 reversal.</summary>
    public Task<ReverseResponse> ReverseAsync(ReverseRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<ReverseRequest, ReverseResponse>(ReverseMethod, request, options);

    /// <summary>0220 refund.</summary>
    public Task<RefundResponse> RefundAsync(RefundRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<RefundRequest, RefundResponse>(RefundMethod, request, options);

    /// <summary>0500 batch settlement.</summary>
    public Task<SettleBatchResponse> SettleBatchAsync(SettleBatchRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<SettleBatchRequest, SettleBatchResponse>(SettleBatchMethod, request, options);

    /// <summary>0320 batch upload.</summary>
    public Task<UploadBatchResponse> UploadBatchAsync(UploadBatchRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<UploadBatchRequest, UploadBatchResponse>(UploadBatchMethod, request, options);

    /// <summary>The current state of one transaction.</summary>
    public Task<Transaction> GetTransactionAsync(GetTransactionRequest request, CallOptions? options = null) =>
        _client.UnaryAsync<GetTransactionRequest, Transaction>(GetTransactionMethod, request, options);

    /// <summary>Every transaction of one batch, streamed in STAN order.</summary>
    public IAsyncEnumerable<Transaction> ListBatchTransactionsAsync(ListBatchTransactionsRequest request, CallOptions? options = null) =>
        _client.ServerStreamingAsync<ListBatchTransactionsRequest, Transaction>(ListBatchTransactionsMethod, request, options);
}
