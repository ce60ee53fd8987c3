using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc.Tests.Infrastructure;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Grpc.Tests.Client;

public sealed class GrpcClientTests
{
    [Theory]
    [InlineData(GrpcClientTransport.HttpClient)]
    [InlineData(GrpcClientTransport.DirectHttp2)]
    public async Task Connection_refused_is_unavailable_naming_the_address(GrpcClientTransport transport)
    {
        // Bind then release a port so nothing listens on it.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new GrpcClient(new Uri($"http://127.0.0.1:{port}"), new GrpcClientOptions { Transport = transport });

        var ex = await Assert.ThrowsAsync<RpcException>(() => new HealthClient(client).CheckAsync(new HealthCheckRequest()));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_grpc_http_error_is_mapped_by_the_spec_table()
    {
        // An HTTP server that is not gRPC at all: every request gets 404, which the spec maps to UNIMPLEMENTED.
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? h2c = null;
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), l => h2c = l));
        await using var app = builder.Build();
        app.Run(http =>
        {
            http.Response.StatusCode = (int)HttpStatusCode.NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        using var client = new GrpcClient(new Uri($"http://127.0.0.1:{h2c!.IPEndPoint!.Port}"));

        var ex = await Assert.ThrowsAsync<RpcException>(() => new HealthClient(client).CheckAsync(new HealthCheckRequest()));

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        Assert.Contains("404", ex.Detail, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, StatusCode.Internal)]
    [InlineData(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(HttpStatusCode.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(HttpStatusCode.NotFound, StatusCode.Unimplemented)]
    [InlineData(HttpStatusCode.TooManyRequests, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.BadGateway, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, StatusCode.Unknown)]
    [InlineData(HttpStatusCode.UpgradeRequired, StatusCode.Unknown)]
    public void Http_status_mapping_follows_the_spec(HttpStatusCode http, StatusCode expected) =>
        Assert.Equal(expected, GrpcClientCall.MapHttpStatus(http));

    [Theory]
    [InlineData(0x0L, StatusCode.Internal)]
    [InlineData(0x1L, StatusCode.Internal)]
    [InlineData(0x2L, StatusCode.Internal)]
    [InlineData(0x7L, StatusCode.Unavailable)]
    [InlineData(0x8L, StatusCode.Cancelled)]
    [InlineData(0xBL, StatusCode.ResourceExhausted)]
    [InlineData(0xCL, StatusCode.PermissionDenied)]
    public void Http2_error_code_mapping_follows_the_spec(long code, StatusCode expected) =>
        Assert.Equal(expected, GrpcClientCall.MapHttp2ErrorCode(code));

    [Fact]
    public void Client_refuses_non_http_addresses()
    {
        Assert.Throws<ArgumentException>(() => new GrpcClient(new Uri("ftp://127.0.0.1/")));
        Assert.Throws<ArgumentException>(() => new GrpcClient(new Uri("/relative", UriKind.Relative)));
    }

    [Fact]
    public async Task Client_refuses_a_descriptor_that_does_not_match_the_message_types_or_kind()
    {
        using var client = new GrpcClient(new Uri("http://127.0.0.1:1"));
        var sale = GrpcServiceDescriptors.FindMethod<SaleRequest, SaleResponse>(GrpcServiceDescriptors.TerminalService);
        var list = GrpcServiceDescriptors.FindMethod<ListBatchTransactionsRequest, Transaction>(GrpcServiceDescriptors.TerminalService);

        await Assert.ThrowsAsync<ArgumentException>(() => client.UnaryAsync<VoidRequest, SaleResponse>(sale, new VoidRequest()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UnaryAsync<ListBatchTransactionsRequest, Transaction>(list, new ListBatchTransactionsRequest()));
        Assert.Throws<ArgumentException>(() => client.ServerStreamingAsync<SaleRequest, SaleResponse>(sale, new SaleRequest()));
    }

    [Fact]
    public void Operator_client_refuses_tokens_that_cannot_be_a_header()
    {
        using var client = new GrpcClient(new Uri("http://127.0.0.1:1"));

        Assert.ThrowsAny<ArgumentException>(() => new OperatorServiceClient(client, ""));
        Assert.Throws<ArgumentException>(() => new OperatorServiceClient(client, "two words"));
        Assert.Throws<ArgumentException>(() => new OperatorServiceClient(client, "tok\r\nx-injected: 1"));
    }

    [Fact]
    public async Task Tls_listener_negotiates_h2_and_serves_calls()
    {
        using var certificate = CreateSelfSignedCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? tls = null;
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpcTls(new IPEndPoint(IPAddress.Loopback, 0), certificate, l => tls = l));
        await using var app = builder.Build();
        var registry = new GrpcServiceRegistry().AddService(GrpcServiceDescriptors.Health, new HealthServiceImpl());
        app.UseGrpcServices(registry);
        await app.StartAsync();
        var thumbprint = certificate.Thumbprint;
        using var client = new GrpcClient(
            new Uri($"https://127.0.0.1:{tls!.IPEndPoint!.Port}"),
            new GrpcClientOptions
            {
                ServerCertificateValidation = (_, cert, _, _) => cert is X509Certificate2 c && c.Thumbprint == thumbprint,
            });

        var response = await new HealthClient(client).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
        await app.StopAsync();
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Kestrel needs a certificate whose key is usable by SslStream on every platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }
}
