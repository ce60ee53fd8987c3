using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using Google.Protobuf;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// Malformed traffic on raw HTTP/2 against the real server process: each gets its gRPC status, and the
/// server keeps serving (a sale sent afterwards on the same connection is approved).
/// </summary>
public sealed class WireRobustnessTests : IAsyncLifetime
{
    private const string MerchantId = "898340149000031";
    private const string TerminalId = "T0000031";
    private static readonly string SaleRoute = GrpcServiceRegistry.GetRoute(
        GrpcServiceDescriptors.FindMethod<SaleRequest, SaleResponse>(GrpcServiceDescriptors.TerminalService));

    private readonly TemporaryDirectory _data = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler());
    private EngineProcess _engine = null!;
    private EngineClients _clients = null!;
    private uint _batchNo;

    public async Task InitializeAsync()
    {
        _engine = await EngineProcess.StartAsync(_data.Path, new Dictionary<string, string> { ["Grpc:MaxReceiveMessageSize"] = "65536" });
        _clients = new EngineClients(_engine.Address);
        _batchNo = await _clients.OnboardAndSignOnAsync(MerchantId, TerminalId);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _clients.Dispose();
        await _engine.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Truncated_frame_is_internal_and_the_server_keeps_serving()
    {
        var frame = Frame(Sale(1).ToByteArray());
        var status = await SendRawAsync(frame[..(frame.Length - 3)]);

        Assert.Equal(StatusCode.Internal, status);
        await AssertStillServingAsync(101);
    }

    [Fact]
    public async Task Oversize_message_is_resource_exhausted_and_the_server_keeps_serving()
    {
        var oversize = Sale(2);
        oversize.CardToken = new string('x', 70_000);

        var status = await SendRawAsync(Frame(oversize.ToByteArray()));

        Assert.Equal(StatusCode.ResourceExhausted, status);
        await AssertStillServingAsync(102);
    }

    [Fact]
    public async Task Garbage_protobuf_is_internal_and_the_server_keeps_serving()
    {
        var status = await SendRawAsync(Frame([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x12]));

        Assert.Equal(StatusCode.Internal, status);
        await AssertStillServingAsync(103);
    }

    [Fact]
    public async Task Expired_deadline_is_deadline_exceeded_and_the_server_keeps_serving()
    {
        var status = await SendRawAsync(Frame(Sale(4).ToByteArray()), grpcTimeout: "1n");

        Assert.Equal(StatusCode.DeadlineExceeded, status);
        await AssertStillServingAsync(104);
    }

    [Fact]
    public async Task Client_deadline_reaches_the_server_and_ordinary_calls_within_it_succeed()
    {
        var response = await _clients.Terminal.SaleAsync(Sale(5), new CallOptions { Timeout = TimeSpan.FromSeconds(5) });

        Assert.Equal(SaleResult.Approved, response.Result);
    }

    private async Task AssertStillServingAsync(uint stan)
    {
        var response = await _clients.Terminal.SaleAsync(Sale(stan));
        Assert.Equal(SaleResult.Approved, response.Result);
    }

    private async Task<StatusCode> SendRawAsync(byte[] body, string? grpcTimeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_engine.Address, SaleRoute))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (grpcTimeout is not null)
        {
            request.Headers.Add("grpc-timeout", grpcTimeout);
        }

        using var response = await _http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = response.Headers.TryGetValues("grpc-status", out var values) || response.TrailingHeaders.TryGetValues("grpc-status", out values)
            ? values.Single()
            : throw new InvalidOperationException("no grpc-status in headers or trailers");
        return (StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Frame(byte[] message)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    private SaleRequest Sale(uint stan) => new()
    {
        MerchantId = MerchantId,
        TerminalId = TerminalId,
        BatchNo = _batchNo,
        Stan = stan,
        AmountMinor = 2_500,
        Currency = "CNY",
        CardType = CardType.Credit,
        CardToken = "tok_wire_0001",
        LocalTime = "2026-11-20T09:00:00",
    };
}
