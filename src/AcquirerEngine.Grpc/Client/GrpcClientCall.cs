using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>
/// The client side of one call: sends the single request message, validates the response headers,
/// reads messages, and turns the final status (trailers, Trailers-Only headers, HTTP status or a
/// transport failure) into an <see cref="RpcException"/>.
/// </summary>
internal sealed class GrpcClientCall : IDisposable
{
    private readonly GrpcClient _client;
    private readonly MethodDescriptor _method;
    private readonly CallOptions _options;
    private readonly CancellationToken _userToken;
    private readonly CancellationToken _extraToken;
    private readonly CancellationTokenSource? _deadlineCts;
    private readonly CancellationTokenSource _callCts;
    private readonly TimeSpan? _timeout;
    private HttpResponseMessage? _response;
    private Stream? _body;
    private bool _finished;
    private StatusCode _status;
    private string _detail = string.Empty;
    private Metadata _trailers = new();

    public GrpcClientCall(GrpcClient client, MethodDescriptor method, CallOptions options, CancellationToken extraToken)
    {
        _client = client;
        _method = method;
        _options = options;
        _userToken = options.CancellationToken;
        _extraToken = extraToken;

        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? deadline = options.Deadline;
        if (options.Timeout is { } timeout)
        {
            var fromTimeout = timeout >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + timeout;
            deadline = deadline is null || fromTimeout < deadline ? fromTimeout : deadline;
        }

        if (deadline is { } d && d != DateTimeOffset.MaxValue)
        {
            var remaining = d - now;
            _timeout = remaining;
            _deadlineCts = new CancellationTokenSource();
            if (remaining <= TimeSpan.Zero)
            {
                _deadlineCts.Cancel();
            }
            else if (remaining.TotalMilliseconds < uint.MaxValue - 1)
            {
                _deadlineCts.CancelAfter(remaining);
            }

            _callCts = CancellationTokenSource.CreateLinkedTokenSource(_userToken, _extraToken, _deadlineCts.Token);
        }
        else
        {
            _callCts = CancellationTokenSource.CreateLinkedTokenSource(_userToken, _extraToken);
        }
    }

    /// <summary>Sends the request and reads the response headers.</summary>
    public async Task StartAsync(IMessage request)
    {
        if (_deadlineCts?.IsCancellationRequested == true)
        {
            // An expired deadline is not worth a round trip.
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        var frame = GrpcFraming.Frame(request, _client.Options.MaxSendMessageSize);
        var route = GrpcServiceRegistry.GetRoute(_method);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_client.Address.AbsoluteUri.TrimEnd('/') + route))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        message.Headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, "trailers");
        message.Headers.TryAddWithoutValidation("user-agent", GrpcProtocol.UserAgent);
        message.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        if (_timeout is { } timeout)
        {
            message.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        if (_options.Headers is not null)
        {
            foreach (var (key, value) in _options.Headers)
            {
                message.Headers.TryAddWithoutValidation(key, value);
            }
        }

        try
        {
            _response = await _client.HttpClient
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, _callCts.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (TryMapFailure(ex, out var rpc))
        {
            throw rpc;
        }

        ValidateHeaders(_response);
        if (!_finished)
        {
            try
            {
                _body = await _response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (TryMapFailure(ex, out var rpc))
            {
                throw rpc;
            }
        }
    }

    /// <summary>The next message, or null once the call ended with OK; throws for any other status.</summary>
    public async Task<T?> ReadNextAsync<T>(MessageParser<T> parser)
        where T : class, IMessage<T>
    {
        if (_finished)
        {
            ThrowIfNotOk();
            return null;
        }

        ReceivedFrame? frame;
        try
        {
            frame = await GrpcFraming.ReadAsync(_body!, _client.Options.MaxReceiveMessageSize, _callCts.Token).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (Exception ex) when (TryMapFailure(ex, out var rpc))
        {
            throw rpc;
        }

        if (frame is null)
        {
            ReadStatus(_response!.TrailingHeaders, "trailers");
            ThrowIfNotOk();
            return null;
        }

        if (frame.Compressed)
        {
            // We advertise identity only, so a compressed response is a protocol violation.
            throw new RpcException(StatusCode.Internal, "The server sent a compressed message although only identity encoding was accepted.");
        }

        try
        {
            return parser.ParseFrom(frame.Payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(StatusCode.Internal, "Failed to deserialize the response message.", null, ex);
        }
    }

    /// <summary>Disposing an unfinished response resets the HTTP/2 stream, which cancels the call on the server.</summary>
    public void Dispose()
    {
        _response?.Dispose();
        _callCts.Dispose();
        _deadlineCts?.Dispose();
    }

    /// <summary>The HTTP-to-gRPC mapping of PROTOCOL-HTTP2.md for responses that are not HTTP 200.</summary>
    internal static StatusCode MapHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>The RST_STREAM/GOAWAY error code mapping of PROTOCOL-HTTP2.md.</summary>
    internal static StatusCode MapHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM: not processed, safe to retry
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xB => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,             // NO_ERROR, PROTOCOL_ERROR, INTERNAL_ERROR, FLOW_CONTROL_ERROR, ...
    };

    private void ValidateHeaders(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = MapHttpStatus(response.StatusCode);
            var serverMessage = response.Headers.TryGetValues(GrpcProtocol.MessageHeader, out var values)
                ? " " + GrpcPercentEncoding.Decode(values.First())
                : string.Empty;
            throw new RpcException(code, $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}.{serverMessage}");
        }

        if (response.Headers.Contains(GrpcProtocol.StatusHeader))
        {
            // Trailers-Only: the status came in the headers and there is no body.
            ReadStatus(response.Headers, "headers");
            return;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new RpcException(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: '{contentType}'.");
        }
    }

    private void ReadStatus(HttpHeaders headers, string where)
    {
        _finished = true;
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            _status = StatusCode.Internal;
            _detail = $"No grpc-status found in the response {where}.";
            return;
        }

        _status = GrpcProtocol.ParseStatus(statusValues.FirstOrDefault());
        _detail = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues)
            ? GrpcPercentEncoding.Decode(messageValues.FirstOrDefault() ?? string.Empty)
            : string.Empty;

        var trailers = new Metadata();
        foreach (var (key, values) in headers)
        {
            if (Metadata.IsReservedKey(key) || key is "date" or "server")
            {
                continue;
            }

            foreach (var value in values)
            {
                trailers.AddReceived(key, value);
            }
        }

        _trailers = trailers.MakeReadOnly();
    }

    private void ThrowIfNotOk()
    {
        if (_status != StatusCode.OK)
        {
            throw new RpcException(_status, _detail, _trailers);
        }
    }

    /// <summary>Maps cancellation and transport exceptions to a status; anything else is a bug and propagates.</summary>
    private bool TryMapFailure(Exception ex, out RpcException rpc)
    {
        if (ex is OperationCanceledException)
        {
            rpc = _deadlineCts?.IsCancellationRequested == true
                ? new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded", null, ex)
                : new RpcException(StatusCode.Cancelled, "Call canceled by the client.", null, ex);
            return true;
        }

        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpProtocolException protocol)
            {
                rpc = new RpcException(
                    MapHttp2ErrorCode(protocol.ErrorCode),
                    $"HTTP/2 error 0x{protocol.ErrorCode:X} on the call: {protocol.Message}",
                    null,
                    ex);
                return true;
            }
        }

        if (ex is HttpRequestException or IOException)
        {
            rpc = new RpcException(StatusCode.Unavailable, $"Error communicating with {_client.Address}: {ex.Message}", null, ex);
            return true;
        }

        rpc = null!;
        return false;
    }
}
