using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc.Tests.Infrastructure;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc.Tests.Http2;

/// <summary>
/// The client's own HTTP/2 transport against Kestrel where it differs from HttpClient: connection limits, flow
/// control both ways, and what it refuses. (The behaviour both transports share is in GrpcServerEndToEndTests.)
/// </summary>
public sealed class DirectHttp2TransportTests
{
    private static readonly ServiceDescriptor Terminal = GrpcServiceDescriptors.TerminalService;
    private static readonly MethodDescriptor SignOn = GrpcServiceDescriptors.FindMethod<SignOnRequest, SignOnResponse>(Terminal);
    private static readonly MethodDescriptor Upload = GrpcServiceDescriptors.FindMethod<UploadBatchRequest, UploadBatchResponse>(Terminal);
    private static readonly MethodDescriptor GetTransaction = GrpcServiceDescriptors.FindMethod<GetTransactionRequest, Transaction>(Terminal);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static GrpcClient Direct(Uri address, GrpcClientOptions? options = null)
    {
        options ??= new GrpcClientOptions();
        options.Transport = GrpcClientTransport.DirectHttp2;
        return new GrpcClient(address, options);
    }

    [Fact]
    public async Task More_calls_at_once_than_the_servers_stream_limit_open_another_connection()
    {
        // Kestrel allows 100 streams per connection: 150 calls held in their handlers at the same time need two.
        const int calls = 150;
        var inHandler = 0;
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var peers = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SignOnRequest, SignOnResponse>(SignOn, async (req, ctx) =>
        {
            peers.TryAdd(ctx.Peer, 0);
            if (Interlocked.Increment(ref inHandler) == calls)
            {
                allIn.SetResult();
            }

            await allIn.Task.WaitAsync(Patience);
            return new SignOnResponse { BatchNo = uint.Parse(req.TerminalId, System.Globalization.CultureInfo.InvariantCulture) };
        }));
        using var client = Direct(server.Address);
        var terminal = new TerminalServiceClient(client);

        var results = await Task.WhenAll(Enumerable.Range(1, calls).Select(async i =>
            (i, (await terminal.SignOnAsync(new SignOnRequest { TerminalId = i.ToString(System.Globalization.CultureInfo.InvariantCulture) })).BatchNo)));

        Assert.All(results, r => Assert.Equal((uint)r.i, r.BatchNo));
        Assert.Equal(2, peers.Count);
    }

    [Fact]
    public async Task A_request_larger_than_the_servers_flow_control_windows_arrives_whole()
    {
        // 64 KiB is the initial window of a stream and of the connection: this request must wait for WINDOW_UPDATEs.
        UploadBatchRequest? received = null;
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<UploadBatchRequest, UploadBatchResponse>(Upload, (req, _) =>
        {
            received = req;
            return Task.FromResult(new UploadBatchResponse { NextBatchNo = (uint)req.Records.Count });
        }));
        using var client = Direct(server.Address);
        var request = new UploadBatchRequest { MerchantId = "M1" };
        request.Records.AddRange(Enumerable.Range(1, 3000).Select(i => new SaleRequest { Stan = (uint)i, CardToken = new string((char)('a' + (i % 26)), 100) }));
        Assert.True(request.CalculateSize() > 300_000);

        var response = await new TerminalServiceClient(client).UploadBatchAsync(request).WaitAsync(Patience);

        Assert.Equal(3000u, response.NextBatchNo);
        Assert.Equal(request, received);
    }

    [Fact]
    public async Task Responses_beyond_the_clients_receive_windows_keep_arriving_on_one_connection()
    {
        // 1.2 MB responses pass the 1 MiB stream window each, and ten of them pass half the 16 MiB connection
        // window: without the client's WINDOW_UPDATEs the server would stall.
        var peers = new System.Collections.Concurrent.ConcurrentDictionary<string, byte>();
        await using var server = await GrpcTestServer.StartAsync(
            r => r.AddUnary<GetTransactionRequest, Transaction>(GetTransaction, (req, ctx) =>
            {
                peers.TryAdd(ctx.Peer, 0);
                return Task.FromResult(new Transaction { Rrn = req.Key.MerchantId, DeclineReason = new string(req.Key.MerchantId[0], 1_200_000) });
            }),
            new GrpcServerOptions { MaxSendMessageSize = 4 * 1024 * 1024 });
        using var client = Direct(server.Address);
        var terminal = new TerminalServiceClient(client);

        for (var i = 0; i < 10; i++)
        {
            var rrn = ((char)('a' + i)).ToString();
            var response = await terminal.GetTransactionAsync(new GetTransactionRequest { Key = new OriginalKey { MerchantId = rrn } }).WaitAsync(Patience);
            Assert.Equal(rrn, response.Rrn);
            Assert.Equal(1_200_000, response.DeclineReason.Length);
            Assert.All(response.DeclineReason, c => Assert.Equal(rrn[0], c));
        }

        Assert.Single(peers);
    }

    [Fact]
    public void Refuses_an_https_address_or_a_custom_handler_naming_what_it_needs()
    {
        var https = Assert.Throws<ArgumentException>(() => Direct(new Uri("https://127.0.0.1:5001")));
        using var handler = new SocketsHttpHandler();
        var custom = Assert.Throws<ArgumentException>(() => Direct(new Uri("http://127.0.0.1:5001"), new GrpcClientOptions { HttpHandler = handler }));

        Assert.Contains("http://", https.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GrpcClientOptions.HttpHandler), custom.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_speak_http2_is_unavailable_and_the_client_recovers_on_the_right_port()
    {
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SignOnRequest, SignOnResponse>(SignOn, (_, _) =>
            Task.FromResult(new SignOnResponse { BatchNo = 7 })));
        using var wrongPort = Direct(server.Http1Address, new GrpcClientOptions { ConnectTimeout = TimeSpan.FromSeconds(5) });
        using var rightPort = Direct(server.Address);

        var ex = await Assert.ThrowsAsync<RpcException>(() => new TerminalServiceClient(wrongPort).SignOnAsync(new SignOnRequest()));
        var response = await new TerminalServiceClient(rightPort).SignOnAsync(new SignOnRequest());

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal(7u, response.BatchNo);
    }
}
