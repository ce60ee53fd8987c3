using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Grpc;

/// <summary>
/// The server side of one call: reads the request, serialises writes, enforces the deadline and
/// ends the call with exactly one status, as Trailers-Only when nothing was written yet.
/// </summary>
internal sealed class GrpcServerCall : IDisposable
{
    // Headers that are transport, not metadata: handlers see only what the client application sent.
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "te", "host", "content-length", "connection",
        GrpcProtocol.TimeoutHeader, GrpcProtocol.EncodingHeader, GrpcProtocol.AcceptEncodingHeader,
    };

    private readonly HttpContext _http;
    private readonly IServerMethod _method;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _callCts;
    private readonly CancellationTokenSource? _deadlineCts;
    /// <summary>Deadlines shorter than this are expired on arrival (see the constructor).</summary>
    private static readonly TimeSpan MinimumUsefulTimeout = TimeSpan.FromMilliseconds(1);

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private bool _responseStarted;
    private bool _completed;

    private GrpcServerCall(HttpContext http, IServerMethod method, GrpcServerOptions options, ILogger logger, TimeSpan? timeout)
    {
        _http = http;
        _method = method;
        _options = options;
        _logger = logger;
        DateTimeOffset? deadline = null;
        if (timeout is { } t)
        {
            var now = DateTimeOffset.UtcNow;
            deadline = t >= DateTimeOffset.MaxValue - now ? DateTimeOffset.MaxValue : now + t;
            _deadlineCts = new CancellationTokenSource();

            if (t < MinimumUsefulTimeout)
            {
                // Timers work in whole milliseconds and no durable work fits in less: the call is over on arrival.
                _deadlineCts.Cancel();
            }
            else if (t.TotalMilliseconds < uint.MaxValue - 1)
            {
                // CancelAfter cannot wait longer than uint.MaxValue - 1 ms (~49 days); a longer deadline never fires in practice.
                _deadlineCts.CancelAfter(t);
            }

            _callCts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _deadlineCts.Token);
        }
        else
        {
            _callCts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        }

        Context = new ServerCallContext(
            http.Request.Path.Value ?? string.Empty,
            deadline,
            ReadMetadata(http.Request.Headers),
            http.Connection.RemoteIpAddress,
            http.Connection.RemotePort,
            _callCts.Token)
        {
            HttpContext = http,
        };
    }

    public ServerCallContext Context { get; }

    /// <summary>The method's metrics label, made once at its registration (no string per call).</summary>
    private string MethodLabel => _method.MethodLabel;

    private bool DeadlineExceeded => _deadlineCts?.IsCancellationRequested == true;

    /// <summary>Creates a call of <paramref name="method"/>; an unparsable grpc-timeout is ignored (as other implementations do) and logged.</summary>
    public static GrpcServerCall Create(HttpContext http, IServerMethod method, GrpcServerOptions options, ILogger logger)
    {
        TimeSpan? timeout = null;
        var header = http.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (header.Length > 0)
        {
            if (GrpcTimeout.TryParse(header, out var parsed))
            {
                timeout = parsed;
            }
            else
            {
                logger.LogDebug("Ignoring invalid grpc-timeout '{Timeout}' on {Path}.", header, http.Request.Path.Value);
            }
        }

        // The per-message limit is ours to enforce; Kestrel's whole-body limit (30 MB) would otherwise
        // cut streams with an unrelated error.
        var bodySize = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = null;
        }

        return new GrpcServerCall(http, method, options, logger, timeout);
    }

    /// <summary>Runs the method, ends the call with its status and disposes the call; never throws.</summary>
    public async Task ExecuteAsync()
    {
        // Disposed here, when the call is over, so the dispatcher returns this task without an async frame of its own.
        using var endsWithTheCall = this;
        if (DeadlineExceeded)
        {
            // The caller has already given up: do no work it will never hear about (a sale it would
            // have to reverse), and say so at once.
            await CompleteAsync(StatusCode.DeadlineExceeded, "Deadline Exceeded", null).ConfigureAwait(false);
            return;
        }

        var handlerTask = _method.RunAsync(this);
        if (_deadlineCts is not null)
        {
            var deadlineSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_deadlineCts.Token.Register(() => deadlineSignal.TrySetResult()))
            {
                var first = await Task.WhenAny(handlerTask, deadlineSignal.Task).ConfigureAwait(false);
                if (first != handlerTask)
                {
                    await FinishAfterDeadlineAsync(handlerTask).ConfigureAwait(false);
                    return;
                }
            }
        }

        try
        {
            await handlerTask.ConfigureAwait(false);
            await CompleteAsync(StatusCode.OK, string.Empty, null).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var (code, detail, trailers) = MapException(ex);
            await CompleteAsync(code, detail, trailers).ConfigureAwait(false);
        }
    }

    /// <summary>Reads exactly one request message and the end of the request stream.</summary>
    public async Task<TRequest> ReadSingleRequestAsync<TRequest>(MessageParser<TRequest> parser)
        where TRequest : IMessage<TRequest>
    {
        var body = _http.Request.Body;
        var token = _callCts.Token;
        var maxSize = _options.MaxReceiveMessageSize;

        // The prefix and the payload are read into pooled arrays: the message is parsed from them and
        // neither outlives this method, so a call costs no buffer of its own.
        var header = ArrayPool<byte>.Shared.Rent(GrpcProtocol.HeaderSize);
        byte[]? payload = null;
        try
        {
            var frame = await GrpcFraming.ReadHeaderAsync(body, header, maxSize, token).ConfigureAwait(false)
                ?? throw new RpcException(StatusCode.Internal, "Request did not contain a message; this method expects exactly one.");
            payload = ArrayPool<byte>.Shared.Rent(frame.Length);
            await GrpcFraming.ReadPayloadAsync(body, payload.AsMemory(0, frame.Length), token).ConfigureAwait(false);
            CheckCompression(frame.Compressed);
            GrpcServerMetrics.RecordRequestMessage(MethodLabel, frame.Length);

            if (await GrpcFraming.ReadHeaderAsync(body, header, maxSize, token).ConfigureAwait(false) is { } extra)
            {
                // Read whole as before, so a truncated second message is reported as truncated.
                await GrpcFraming.ReadPayloadAsync(body, new byte[extra.Length], token).ConfigureAwait(false);
                throw new RpcException(StatusCode.Internal, "Request contained more than one message; this method expects exactly one.");
            }

            try
            {
                return parser.ParseFrom(payload.AsSpan(0, frame.Length));
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new RpcException(StatusCode.Internal, "Failed to deserialize the request message.", null, ex);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
            if (payload is not null)
            {
                ArrayPool<byte>.Shared.Return(payload);
            }
        }
    }

    /// <summary>Frames, writes and flushes one response message; headers go out with the first one.</summary>
    public async Task WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        // A unary response is written with the call's own token: linking it to itself would cost a
        // token source and its registrations per call for nothing.
        using var linked = cancellationToken == _callCts.Token || !cancellationToken.CanBeCanceled
            ? null
            : CancellationTokenSource.CreateLinkedTokenSource(_callCts.Token, cancellationToken);
        var token = linked?.Token ?? _callCts.Token;
        await _writeLock.WaitAsync(token).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException("Cannot write a message after the call has completed.");
            }

            token.ThrowIfCancellationRequested();

            // Size is checked before the headers go out, so a too-large unary response is still Trailers-Only.
            var size = GrpcFraming.CheckedSize(message, _options.MaxSendMessageSize);
            StartResponse();

            // Serialised straight into the response pipe's buffer: no frame array per message.
            var writer = _http.Response.BodyWriter;
            GrpcFraming.WriteFrame(writer, message, size);
            await writer.FlushAsync(token).ConfigureAwait(false);
            GrpcServerMetrics.RecordResponseMessage(MethodLabel, size);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _callCts.Dispose();
        _deadlineCts?.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>Formats a peer the way gRPC does.</summary>
    internal static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6 } when address.IsIPv4MappedToIPv6 => $"ipv4:{address.MapToIPv4()}:{port}",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };

    private static Metadata ReadMetadata(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers)
        {
            if (key.StartsWith(':') || TransportHeaders.Contains(key))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null)
                {
                    metadata.AddReceived(key, value);
                }
            }
        }

        return metadata;
    }

    private void CheckCompression(bool compressed)
    {
        if (!compressed)
        {
            return;
        }

        var encoding = _http.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
        if (encoding.Length == 0 || string.Equals(encoding, GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            throw new RpcException(StatusCode.Internal, "Request message is marked compressed but no grpc-encoding was declared.");
        }

        throw new RpcException(
            StatusCode.Unimplemented,
            $"Unsupported grpc-encoding '{encoding}'. Supported encodings: {GrpcProtocol.IdentityEncoding}.");
    }

    private void StartResponse()
    {
        if (_responseStarted)
        {
            return;
        }

        _responseStarted = true;
        var response = _http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
    }

    private (StatusCode Code, string Detail, Metadata? Trailers) MapException(Exception ex)
    {
        if (DeadlineExceeded)
        {
            return (StatusCode.DeadlineExceeded, "Deadline Exceeded", null);
        }

        if (_http.RequestAborted.IsCancellationRequested)
        {
            return (StatusCode.Cancelled, "Call canceled by the client.", null);
        }

        if (ex is RpcException rpc)
        {
            return (rpc.StatusCode, rpc.Detail, rpc.Trailers);
        }

        // Log the cause for operators; the client gets a generic message unless detailed errors are on.
        _logger.LogError(ex, "gRPC handler for {Method} threw an unexpected exception.", Context.Method);
        if (_options.UnexpectedExceptionStatus?.Invoke(ex) is { } chosen)
        {
            return (chosen.StatusCode, chosen.Detail, chosen.Trailers);
        }

        var detail = _options.EnableDetailedErrors
            ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}"
            : "Exception was thrown by handler.";
        return (StatusCode.Unknown, detail, null);
    }

    /// <summary>
    /// The deadline passed while the handler still runs: the client is told DEADLINE_EXCEEDED now, the
    /// handler's token is already cancelled, and we wait for it so the HttpContext outlives its use.
    /// </summary>
    private async Task FinishAfterDeadlineAsync(Task handlerTask)
    {
        await CompleteAsync(StatusCode.DeadlineExceeded, "Deadline Exceeded", null).ConfigureAwait(false);
        try
        {
            await _http.Response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "Could not complete the response of {Method} after its deadline.", Context.Method);
        }

        try
        {
            await handlerTask.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Handler of {Method} ended after its deadline.", Context.Method);
        }
    }

    /// <summary>Writes the status once: in the headers (Trailers-Only) if nothing was sent, else in trailers.</summary>
    private async Task CompleteAsync(StatusCode code, string detail, Metadata? extraTrailers)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            GrpcServerMetrics.RecordCall(MethodLabel, code, Stopwatch.GetElapsedTime(_startTimestamp));
            var response = _http.Response;
            if (response.HasStarted && !_responseStarted)
            {
                // Something else started the response; nothing sensible can be added.
                return;
            }

            // Trailers-Only: HEADERS with END_STREAM carrying the status; Kestrel ends the stream on the
            // headers frame because there is neither a body nor trailers.
            var trailersOnly = !_responseStarted;
            if (trailersOnly)
            {
                StartResponse();
            }

            // Appended one by one (status, message, the handler's trailers, the exception's): no list per call.
            AppendStatusField(response, trailersOnly, GrpcProtocol.StatusHeader, GrpcProtocol.FormatStatus(code));
            if (detail.Length > 0)
            {
                AppendStatusField(response, trailersOnly, GrpcProtocol.MessageHeader, GrpcPercentEncoding.Encode(detail));
            }

            var handlerTrailers = Context.ResponseTrailersIfAny;
            if (handlerTrailers is not null)
            {
                AppendStatusFields(response, trailersOnly, handlerTrailers);
            }

            if (extraTrailers is not null && !ReferenceEquals(extraTrailers, handlerTrailers))
            {
                AppendStatusFields(response, trailersOnly, extraTrailers);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The client is gone; there is no one to tell.
            _logger.LogDebug(ex, "Could not send the status of {Method}.", Context.Method);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void AppendStatusFields(HttpResponse response, bool trailersOnly, Metadata fields)
    {
        // Indexed rather than foreach: Metadata's enumerator is an interface and would be boxed.
        for (var i = 0; i < fields.Count; i++)
        {
            AppendStatusField(response, trailersOnly, fields[i].Key, fields[i].Value);
        }
    }

    private static void AppendStatusField(HttpResponse response, bool trailersOnly, string key, string value)
    {
        if (trailersOnly)
        {
            response.Headers.Append(key, value);
        }
        else
        {
            response.AppendTrailer(key, value);
        }
    }
}
