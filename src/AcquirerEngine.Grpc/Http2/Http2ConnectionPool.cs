namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// The connections of one <see cref="GrpcClient"/> to its address: a call takes a place on the first open
/// connection below the server's stream limit, and a new connection is opened (one at a time) when none has room.
/// Connections that failed or got GOAWAY leave the pool.
/// </summary>
internal sealed class Http2ConnectionPool : IDisposable
{
    private readonly Uri _address;
    private readonly TimeSpan _connectTimeout;
    private readonly object _lock = new();
    private readonly List<Http2ClientConnection> _connections = [];
    private Task<Http2ClientConnection>? _connecting;
    private bool _disposed;

    public Http2ConnectionPool(Uri address, TimeSpan connectTimeout)
    {
        _address = address;
        _connectTimeout = connectTimeout;
    }

    /// <summary>Connections in the pool (tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>A connection with a place reserved for one call (<see cref="Http2ClientConnection.TryReserve"/>).</summary>
    /// <exception cref="RpcException">UNAVAILABLE when no connection can be made.</exception>
    public async ValueTask<Http2ClientConnection> RentAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<Http2ClientConnection> connecting;
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                for (var i = 0; i < _connections.Count; i++)
                {
                    var connection = _connections[i];
                    if (connection.TryReserve())
                    {
                        return connection;
                    }

                    if (!connection.IsOpen)
                    {
                        _connections.RemoveAt(i--);
                    }
                }

                connecting = _connecting ??= ConnectAsync();
            }

            await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        List<Http2ClientConnection> connections;
        lock (_lock)
        {
            _disposed = true;
            connections = [.. _connections];
            _connections.Clear();
        }

        foreach (var connection in connections)
        {
            connection.Dispose();
        }
    }

    private async Task<Http2ClientConnection> ConnectAsync()
    {
        try
        {
            var connection = await Http2ClientConnection.ConnectAsync(_address, _connectTimeout, CancellationToken.None).ConfigureAwait(false);
            lock (_lock)
            {
                _connecting = null;
                if (_disposed)
                {
                    connection.Dispose();
                }
                else
                {
                    _connections.Add(connection);
                }
            }

            return connection;
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException or Http2ConnectionException or HpackDecodingException or ObjectDisposedException)
        {
            lock (_lock)
            {
                _connecting = null;
            }

            var why = ex is OperationCanceledException ? $"no HTTP/2 connection within {_connectTimeout.TotalSeconds:0.###} s" : ex.Message;
            throw new RpcException(StatusCode.Unavailable, $"Error connecting to {_address.GetLeftPart(UriPartial.Authority)}: {why}", null, ex);
        }
    }
}
