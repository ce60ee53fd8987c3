using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using Google.Protobuf;

namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// Unary calls over this library's own HTTP/2 connections (<see cref="GrpcClientTransport.DirectHttp2"/>): the same
/// statuses, messages and limits as the HttpClient transport (<see cref="GrpcClientCall"/>), without its per-call
/// request and response objects. The response is interpreted on the caller's side once its stream has ended.
/// </summary>
internal sealed class Http2UnaryCaller : IDisposable
{
    private readonly Uri _address;
    private readonly GrpcClientOptions _options;
    private readonly Http2ConnectionPool _pool;
    private readonly HpackRequestEncoder _encoder;

    public Http2UnaryCaller(Uri address, GrpcClientOptions options)
    {
        _address = address;
        _options = options;
        _pool = new Http2ConnectionPool(address, options.ConnectTimeout);
        _encoder = new HpackRequestEncoder(address.Authority);
    }

    /// <summary>Connections open to the server (tests).</summary>
    internal int ConnectionCount => _pool.Count;

    public async Task<TResponse> UnaryAsync<TResponse>(string route, IMessage request, MessageParser<TResponse> parser, CallOptions options)
        where TResponse : class, IMessage<TResponse>
    {
        var remaining = RemainingTime(options);
        if (remaining is { } left && left <= TimeSpan.Zero)
        {
            // An expired deadline is not worth a round trip.
            throw new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        var body = GrpcFraming.Frame(request, _options.MaxSendMessageSize);
        options.CancellationToken.ThrowIfCancellationRequested();
        var headerBlock = _encoder.Encode(route, remaining is { } t ? GrpcTimeout.Format(t) : null, options.Headers);
        var maxBody = _options.MaxReceiveMessageSize is { } max ? (int)Math.Min(int.MaxValue, (long)max + GrpcProtocol.HeaderSize) : int.MaxValue;
        var stream = new Http2ClientStream(maxBody);

        using var deadline = remaining is { } due && due.TotalMilliseconds < uint.MaxValue - 1 ? new CancellationTokenSource(due) : null;
        Http2ClientConnection connection;
        try
        {
            connection = await _pool.RentAsync(deadline?.Token ?? options.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            throw deadline?.IsCancellationRequested == true
                ? new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded", null, ex)
                : new RpcException(StatusCode.Cancelled, "Call canceled by the client.", null, ex);
        }

        if (!connection.TryStart(stream, headerBlock, body))
        {
            throw new RpcException(StatusCode.Unavailable, $"Error communicating with {_address}: the connection closed before the call started.");
        }

        var cancel = new CallCancellation(connection, stream);
        using (options.CancellationToken.UnsafeRegister(static s => ((CallCancellation)s!).Cancel(deadlineExpired: false), cancel))
        using (deadline?.Token.UnsafeRegister(static s => ((CallCancellation)s!).Cancel(deadlineExpired: true), cancel))
        {
            await stream.Completion.ConfigureAwait(false);
        }

        return ReadResponse(stream, parser);
    }

    public void Dispose() => _pool.Dispose();

    private static TimeSpan? RemainingTime(CallOptions options)
    {
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? deadline = options.Deadline;
        if (options.Timeout is { } timeout)
        {
            var fromTimeout = timeout >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + timeout;
            deadline = deadline is null || fromTimeout < deadline ? fromTimeout : deadline;
        }

        return deadline is { } d && d != DateTimeOffset.MaxValue ? d - now : null;
    }

    private TResponse ReadResponse<TResponse>(Http2ClientStream stream, MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse>
    {
        var headers = stream.ResponseHeaders
            ?? throw new RpcException(StatusCode.Internal, "The server ended the call without response headers.");
        var httpStatus = Find(headers, ":status");
        if (httpStatus != "200")
        {
            var code = int.TryParse(httpStatus, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? GrpcClientCall.MapHttpStatus((HttpStatusCode)number)
                : StatusCode.Internal;
            var serverMessage = Find(headers, GrpcProtocol.MessageHeader) is { } message ? " " + GrpcPercentEncoding.Decode(message) : string.Empty;
            throw new RpcException(code, $"Bad gRPC response. HTTP status code: {httpStatus}.{serverMessage}");
        }

        if (stream.TrailersOnly)
        {
            ThrowIfNotOk(headers, "headers");
            throw new RpcException(StatusCode.Internal, "The server ended a unary call with OK but without a response message.");
        }

        var contentType = Find(headers, "content-type");
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            throw new RpcException(StatusCode.Unknown, $"Bad gRPC response. Invalid content-type value: '{contentType}'.");
        }

        var body = stream.Body.Span;
        var max = _options.MaxReceiveMessageSize;
        if (body.Length >= GrpcProtocol.HeaderSize)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(body.Slice(1, 4));
            if (max is { } limit && length > (uint)limit)
            {
                throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {limit}).");
            }
        }

        if (stream.BodyTooLarge)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Received more than {max} octets in one message.");
        }

        ThrowIfNotOk(stream.Trailers ?? throw new RpcException(StatusCode.Internal, "No grpc-status found in the response trailers."), "trailers");
        return ParseSingleMessage(body, parser);
    }

    private static TResponse ParseSingleMessage<TResponse>(ReadOnlySpan<byte> body, MessageParser<TResponse> parser)
        where TResponse : class, IMessage<TResponse>
    {
        if (body.IsEmpty)
        {
            throw new RpcException(StatusCode.Internal, "The server ended a unary call with OK but without a response message.");
        }

        if (body.Length < GrpcProtocol.HeaderSize)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a message header.");
        }

        var flag = body[0];
        if (flag > 1)
        {
            throw new RpcException(StatusCode.Internal, $"Invalid compressed flag {flag} in message header.");
        }

        if (flag == 1)
        {
            // We advertise identity only, so a compressed response is a protocol violation.
            throw new RpcException(StatusCode.Internal, "The server sent a compressed message although only identity encoding was accepted.");
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.Slice(1, 4));
        var rest = body[GrpcProtocol.HeaderSize..];
        if (rest.Length < length)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a message body.");
        }

        if (rest.Length > length)
        {
            throw new RpcException(StatusCode.Internal, "The server sent more than one response message for a unary call.");
        }

        try
        {
            return parser.ParseFrom(rest);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new RpcException(StatusCode.Internal, "Failed to deserialize the response message.", null, ex);
        }
    }

    /// <summary>Reads grpc-status and grpc-message from the trailers (or Trailers-Only headers) and throws unless OK.</summary>
    private static void ThrowIfNotOk(List<KeyValuePair<string, string>> fields, string where)
    {
        if (Find(fields, GrpcProtocol.StatusHeader) is not { } statusValue)
        {
            throw new RpcException(StatusCode.Internal, $"No grpc-status found in the response {where}.");
        }

        var status = GrpcProtocol.ParseStatus(statusValue);
        if (status == StatusCode.OK)
        {
            return;
        }

        var detail = Find(fields, GrpcProtocol.MessageHeader) is { } message ? GrpcPercentEncoding.Decode(message) : string.Empty;
        var trailers = new Metadata();
        foreach (var (key, value) in fields)
        {
            if (!Metadata.IsReservedKey(key) && key is not ("date" or "server"))
            {
                trailers.AddReceived(key, value);
            }
        }

        throw new RpcException(status, detail, trailers.MakeReadOnly());
    }

    private static string? Find(List<KeyValuePair<string, string>> fields, string name)
    {
        foreach (var (key, value) in fields)
        {
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }
}
