using System.Buffers.Binary;
using System.Net;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc.Tests.Infrastructure;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace AcquirerEngine.Grpc.Tests.Server;

/// <summary>
/// Requests built by hand with a plain HttpClient, so the server's bytes and headers are checked against
/// PROTOCOL-HTTP2.md without trusting our own client.
/// </summary>
public sealed class GrpcWireTests
{
    private static readonly MethodDescriptor Sale =
        GrpcServiceDescriptors.FindMethod<SaleRequest, SaleResponse>(GrpcServiceDescriptors.TerminalService);

    private static Task<GrpcTestServer> StartAsync() => GrpcTestServer.StartAsync(r =>
    {
        r.AddService(GrpcServiceDescriptors.Health, new HealthServiceImpl());
        r.AddUnary<SaleRequest, SaleResponse>(Sale, (req, _) => req.AmountMinor > 0
            ? Task.FromResult(new SaleResponse { Rrn = "123456789012" })
            : throw new RpcException(StatusCode.InvalidArgument, "amount_minor must be positive: 金额 100%"));
    });

    [Fact]
    public async Task Successful_unary_response_has_grpc_content_type_one_length_prefixed_message_and_status_trailer()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, "/grpc.health.v1.Health/Check", Wire.Frame(new HealthCheckRequest()));

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(2, 0), response.Version);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(Wire.Header(response.Headers, "grpc-status"));
        Assert.Equal(0, body[0]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        Assert.Equal(body.Length - 5, (int)length);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, HealthCheckResponse.Parser.ParseFrom(body.AsSpan(5)).Status);
        Assert.Equal("0", Wire.Header(response.TrailingHeaders, "grpc-status"));
    }

    [Fact]
    public async Task Grpc_proto_content_type_with_parameters_is_accepted()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, "/grpc.health.v1.Health/Check", Wire.Frame(new HealthCheckRequest()), "application/grpc+proto; charset=binary");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("0", Wire.Header(response.TrailingHeaders, "grpc-status"));
    }

    [Theory]
    [InlineData("1n")]
    [InlineData("999u")]
    public async Task Deadline_shorter_than_a_millisecond_is_exceeded_on_arrival_and_never_reaches_the_handler(string grpcTimeout)
    {
        var calls = 0;
        await using var server = await GrpcTestServer.StartAsync(r => r.AddUnary<SaleRequest, SaleResponse>(Sale, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(new SaleResponse());
        }));
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, "/acquirer.v1.TerminalService/Sale", Wire.Frame(new SaleRequest()));
        request.Headers.TryAddWithoutValidation("grpc-timeout", grpcTimeout);

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("4", Wire.Header(response.Headers, "grpc-status") ?? Wire.Header(response.TrailingHeaders, "grpc-status"));
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Unknown_method_gets_a_trailers_only_unimplemented_response()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, "/acquirer.v1.TerminalService/NoSuchMethod", Wire.Frame(new SaleRequest()));

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("12", Wire.Header(response.Headers, "grpc-status"));
        Assert.Empty(body);
        Assert.Empty(response.TrailingHeaders);
    }

    [Fact]
    public async Task Handler_error_before_any_message_is_trailers_only_with_a_percent_encoded_message()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest { AmountMinor = 0 }));

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("3", Wire.Header(response.Headers, "grpc-status"));
        Assert.Equal("amount_minor must be positive: %E9%87%91%E9%A2%9D 100%25", Wire.Header(response.Headers, "grpc-message"));
        Assert.Empty(body);
    }

    [Fact]
    public async Task Compressed_flag_without_grpc_encoding_is_internal()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest { AmountMinor = 1 }, flag: 1));

        using var response = await http.SendAsync(request);

        Assert.Equal("13", Wire.Header(response.Headers, "grpc-status"));
    }

    [Fact]
    public async Task Compressed_message_in_an_unsupported_encoding_is_unimplemented_and_advertises_identity()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest { AmountMinor = 1 }, flag: 1));
        request.Headers.TryAddWithoutValidation("grpc-encoding", "snappy");

        using var response = await http.SendAsync(request);

        Assert.Equal("12", Wire.Header(response.Headers, "grpc-status"));
        Assert.Equal("identity", Wire.Header(response.Headers, "grpc-accept-encoding"));
        Assert.Contains("snappy", GrpcPercentEncoding.Decode(Wire.Header(response.Headers, "grpc-message")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_request_with_two_messages_is_internal()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        var one = Wire.Frame(new SaleRequest { AmountMinor = 1 });
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), [.. one, .. one]);

        using var response = await http.SendAsync(request);

        Assert.Equal("13", Wire.Header(response.Headers, "grpc-status"));
    }

    [Fact]
    public async Task Unary_request_without_a_message_is_internal()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), []);

        using var response = await http.SendAsync(request);

        Assert.Equal("13", Wire.Header(response.Headers, "grpc-status"));
    }

    [Fact]
    public async Task Truncated_or_unparsable_message_is_internal()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        var truncated = Wire.Frame(new SaleRequest { AmountMinor = 1, MerchantId = "M1" })[..^2];
        using var first = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), truncated);
        using var second = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame([0xFF, 0xFF, 0xFF]));

        using var truncatedResponse = await http.SendAsync(first);
        using var garbageResponse = await http.SendAsync(second);

        Assert.Equal("13", Wire.Header(truncatedResponse.Headers, "grpc-status"));
        Assert.Equal("13", Wire.Header(garbageResponse.Headers, "grpc-status"));
    }

    [Fact]
    public async Task Non_grpc_content_type_on_a_grpc_route_is_415()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest()), "application/json");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Http1_request_is_refused_with_a_clear_error()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient();
        using var request = Wire.Post(server.Http1Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest { AmountMinor = 1 }), version: HttpVersion.Version11);

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal("13", Wire.Header(response.Headers, "grpc-status"));
        Assert.Contains("HTTP/2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http1_request_to_the_h2c_listener_never_succeeds()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest { AmountMinor = 1 }), version: HttpVersion.Version11);

        // Kestrel either answers the HTTP/1.1 request with 400 ("HTTP/1.x request sent to HTTP/2 only
        // endpoint") or drops the connection; either way it must never look like a gRPC success.
        try
        {
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(Wire.Header(response.Headers, "grpc-status"));
        }
        catch (HttpRequestException)
        {
        }
    }

    [Fact]
    public async Task Non_grpc_requests_pass_through_the_middleware()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();

        using var response = await http.GetAsync(new Uri(server.Address, "/not-grpc"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(Wire.Header(response.Headers, "grpc-status"));
    }

    [Fact]
    public async Task Get_on_a_grpc_route_is_refused()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();

        using var response = await http.GetAsync(new Uri(server.Address, GrpcServiceRegistry.GetRoute(Sale)));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_grpc_timeout_is_ignored_rather_than_failing_the_call()
    {
        await using var server = await StartAsync();
        using var http = Wire.CreateH2cClient();
        using var request = Wire.Post(server.Address, GrpcServiceRegistry.GetRoute(Sale), Wire.Frame(new SaleRequest { AmountMinor = 5 }));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "123456789S");

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("0", Wire.Header(response.TrailingHeaders, "grpc-status"));
    }
}
