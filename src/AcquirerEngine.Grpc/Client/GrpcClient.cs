using System.Net;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>
/// A gRPC channel to one server address over HttpClient: HTTP/2 with prior knowledge for http://,
/// ALPN h2 for https://. Connections are pooled and reused across calls; create one per address and
/// share it (it is thread-safe), dispose it at shutdown.
/// </summary>
public sealed class GrpcClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Http2.Http2UnaryCaller? _direct;

    /// <summary>Creates a client for <paramref name="address"/> (scheme http or https, e.g. "http://127.0.0.1:5000").</summary>
    /// <exception cref="ArgumentException">The address is not absolute http or https.</exception>
    public GrpcClient(Uri address, GrpcClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Address '{address}' must be an absolute http or https URI.", nameof(address));
        }

        Address = address;
        Options = options ?? new GrpcClientOptions();
        if (Options.Transport == GrpcClientTransport.DirectHttp2)
        {
            if (address.Scheme != Uri.UriSchemeHttp || Options.HttpHandler is not null)
            {
                throw new ArgumentException(
                    $"The {nameof(GrpcClientTransport.DirectHttp2)} transport speaks HTTP/2 with prior knowledge over plain TCP: it needs an http:// address and no {nameof(GrpcClientOptions.HttpHandler)} (got '{address}').",
                    nameof(options));
            }

            _direct = new Http2.Http2UnaryCaller(address, Options);
        }

        HttpMessageHandler handler;
        bool disposeHandler;
        if (Options.HttpHandler is not null)
        {
            handler = Options.HttpHandler;
            disposeHandler = false;
        }
        else
        {
            var sockets = new SocketsHttpHandler
            {
                // One HTTP/2 connection caps concurrent streams (100 on Kestrel); more connections lift the cap.
                EnableMultipleHttp2Connections = true,
                ConnectTimeout = Options.ConnectTimeout,
                // Detect dead connections during long streams (e.g. Health.Watch) instead of hanging.
                KeepAlivePingDelay = TimeSpan.FromSeconds(60),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
            };
            if (Options.ServerCertificateValidation is not null)
            {
                sockets.SslOptions.RemoteCertificateValidationCallback = Options.ServerCertificateValidation;
            }

            handler = sockets;
            disposeHandler = true;
        }

        _http = new HttpClient(handler, disposeHandler)
        {
            // Deadlines are per call (CallOptions); a global timeout would cut long server streams.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>The server address calls go to.</summary>
    public Uri Address { get; }

    /// <summary>The options this client was created with.</summary>
    public GrpcClientOptions Options { get; }

    internal HttpClient HttpClient => _http;

    /// <summary>Makes a unary call.</summary>
    /// <exception cref="RpcException">The call ended with a non-OK status (from the server or mapped from a transport failure).</exception>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(MethodDescriptor method, TRequest request, CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var parser = ValidateAndGetParser<TResponse>(method, typeof(TRequest), serverStreaming: false);
        if (_direct is not null)
        {
            return await _direct.UnaryAsync(GrpcServiceRegistry.GetRoute(method), request, parser, options ?? new CallOptions()).ConfigureAwait(false);
        }

        using var call = new GrpcClientCall(this, method, options ?? new CallOptions(), CancellationToken.None);
        await call.StartAsync(request).ConfigureAwait(false);
        var response = await call.ReadNextAsync(parser).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Internal, "The server ended a unary call with OK but without a response message.");
        if (await call.ReadNextAsync(parser).ConfigureAwait(false) is not null)
        {
            throw new RpcException(StatusCode.Internal, "The server sent more than one response message for a unary call.");
        }

        return response;
    }

    /// <summary>
    /// Makes a server-streaming call. The call starts when enumeration starts; stopping the enumeration
    /// early cancels the call on the server. Both <see cref="CallOptions.CancellationToken"/> and the
    /// enumerator's token cancel it.
    /// </summary>
    /// <exception cref="RpcException">Thrown from the enumeration when the call ends with a non-OK status.</exception>
    public IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(
        MethodDescriptor method,
        TRequest request,
        CallOptions? options = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        var parser = ValidateAndGetParser<TResponse>(method, typeof(TRequest), serverStreaming: true);
        return StreamAsync(method, request, parser, options ?? new CallOptions());
    }

    /// <summary>Closes pooled connections (if the client owns its handler).</summary>
    public void Dispose()
    {
        _direct?.Dispose();
        _http.Dispose();
    }

    private static MessageParser<TResponse> ValidateAndGetParser<TResponse>(MethodDescriptor method, Type request, bool serverStreaming)
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        var route = GrpcServiceRegistry.GetRoute(method);
        if (method.IsClientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new ArgumentException($"{route} is not a {(serverStreaming ? "server-streaming" : "unary")} method.", nameof(method));
        }

        if (method.InputType.ClrType != request || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{route} takes {method.InputType.ClrType?.Name} and returns {method.OutputType.ClrType?.Name}, not {request.Name} and {typeof(TResponse).Name}.",
                nameof(method));
        }

        return (MessageParser<TResponse>)method.OutputType.Parser;
    }

    private async IAsyncEnumerable<TResponse> StreamAsync<TResponse>(
        MethodDescriptor method,
        IMessage request,
        MessageParser<TResponse> parser,
        CallOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TResponse : class, IMessage<TResponse>
    {
        using var call = new GrpcClientCall(this, method, options, cancellationToken);
        await call.StartAsync(request).ConfigureAwait(false);
        while (await call.ReadNextAsync(parser).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }
}
