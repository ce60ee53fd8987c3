using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Grpc;

/// <summary>
/// Decides what happens to one HTTP request that is (or claims to be) a gRPC call: protocol checks,
/// method lookup, then the call itself. Shared by the middleware and the endpoint mapping.
/// </summary>
internal sealed class GrpcServerDispatcher(GrpcServiceRegistry registry, GrpcServerOptions options, ILogger logger)
{
    /// <summary>Whether this request is for us: a gRPC content type or a registered route.</summary>
    public bool IsGrpcRequest(HttpContext http) =>
        GrpcProtocol.LooksLikeGrpc(http.Request.ContentType) || registry.TryGetMethod(http.Request.Path.Value, out _);

    /// <summary>Serves the request; <paramref name="method"/> null means the path named no registered method.</summary>
    public Task DispatchAsync(HttpContext http, IServerMethod? method)
    {
        var started = Stopwatch.GetTimestamp();
        var request = http.Request;
        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            // gRPC needs trailers and full-duplex streams; refuse clearly instead of half-working.
            RecordRefused(method, started);
            return RejectAsync(
                http,
                StatusCodes.Status426UpgradeRequired,
                $"Request protocol '{request.Protocol}' is not supported; gRPC requires HTTP/2.");
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            RecordRefused(method, started);
            http.Response.Headers.Allow = "POST";
            return RejectAsync(http, StatusCodes.Status405MethodNotAllowed, $"HTTP method '{request.Method}' is not supported; gRPC uses POST.");
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            // The spec asks for 415 so that a non-gRPC client never mistakes the error for success.
            RecordRefused(method, started);
            return RejectAsync(
                http,
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; expected '{GrpcProtocol.ContentType}'.");
        }

        if (method is null)
        {
            WriteTrailersOnly(http, StatusCode.Unimplemented, $"Method '{request.Path.Value}' is unimplemented.");
            GrpcServerMetrics.RecordCall(GrpcServerMetrics.UnknownMethod, StatusCode.Unimplemented, Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        }

        // The call disposes itself when it ends: no async frame here per call.
        return GrpcServerCall.Create(http, method, options, logger).ExecuteAsync();
    }

    /// <summary>A complete gRPC response with the status in the headers and no body.</summary>
    internal static void WriteTrailersOnly(HttpContext http, StatusCode code, string detail)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.FormatStatus(code);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcPercentEncoding.Encode(detail);
    }

    /// <summary>A request refused before it became a call carries grpc-status INTERNAL; it is counted as such.</summary>
    private static void RecordRefused(IServerMethod? method, long started) =>
        GrpcServerMetrics.RecordCall(
            method?.MethodLabel ?? GrpcServerMetrics.UnknownMethod,
            StatusCode.Internal,
            Stopwatch.GetElapsedTime(started));

    private static async Task RejectAsync(HttpContext http, int httpStatus, string detail)
    {
        var response = http.Response;
        response.StatusCode = httpStatus;
        response.Headers[GrpcProtocol.StatusHeader] = GrpcProtocol.FormatStatus(StatusCode.Internal);
        response.Headers[GrpcProtocol.MessageHeader] = GrpcPercentEncoding.Encode(detail);
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(detail, http.RequestAborted).ConfigureAwait(false);
    }
}
