using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// One HTTP/2 connection with prior knowledge (h2c, RFC 9113 section 3.3) that carries many calls at once. It is
/// built for unary calls at a high rate: request frames are appended to one buffer under a lock and whoever finds
/// no send running sends everything queued so far in one system call, so concurrent calls share sends; one reader
/// loop parses what the server sends and completes the calls' streams. Flow control is kept both ways (the request
/// waits for the peer's windows; received DATA is acknowledged by WINDOW_UPDATE once half a window is used).
/// Any connection error fails every running call with UNAVAILABLE and closes the socket; a GOAWAY lets the calls
/// the server took finish and sends new ones elsewhere (<see cref="Http2ConnectionPool"/>).
/// </summary>
internal sealed class Http2ClientConnection : IDisposable
{
    private const int DefaultWindow = 65_535;
    private const int MaxWindow = int.MaxValue;

    /// <summary>What each of our streams may receive before a WINDOW_UPDATE; a unary response fits in it.</summary>
    private const int StreamReceiveWindow = 1024 * 1024;

    /// <summary>What the whole connection may receive before a WINDOW_UPDATE.</summary>
    private const int ConnectionReceiveWindow = 16 * 1024 * 1024;

    /// <summary>The largest frame we accept (the RFC's default SETTINGS_MAX_FRAME_SIZE, which we do not raise).</summary>
    private const int MaxReceiveFrameSize = 16_384;

    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    private readonly Socket _socket;
    private readonly string _address;
    private readonly object _lock = new();
    private readonly Dictionary<int, Http2ClientStream> _streams = [];
    private readonly List<Http2ClientStream> _blocked = [];
    private readonly HpackDecoder _decoder = new();
    private readonly List<KeyValuePair<string, string>> _fields = [];
    private readonly TaskCompletionSource _settingsReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Guarded by _lock.
    private byte[] _out = new byte[16 * 1024];
    private byte[] _spare = new byte[16 * 1024];
    private int _outLength;
    private bool _flushing;
    private int _nextStreamId = 1;
    private int _reserved;
    private long _connectionSendWindow = DefaultWindow;
    private int _peerInitialWindow = DefaultWindow;
    private int _peerMaxFrameSize = 16_384;
    private int _peerMaxConcurrentStreams = 100;
    private bool _goingAway;
    private bool _closed;
    private int _connectionReceivedUnacknowledged;

    // Owned by the reader loop.
    private byte[] _headerBlock = new byte[4096];
    private int _headerBlockLength;
    private int _continuationStreamId;
    private bool _continuationEndsStream;

    private Http2ClientConnection(Socket socket, string address)
    {
        _socket = socket;
        _address = address;
    }

    /// <summary>False once the connection failed, was closed, or the server said GOAWAY: it takes no new calls.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return !_closed && !_goingAway;
            }
        }
    }

    /// <summary>Calls reserved or running on this connection (tests and the pool).</summary>
    public int ActiveCalls
    {
        get
        {
            lock (_lock)
            {
                return _reserved;
            }
        }
    }

    /// <summary>
    /// Connects, sends the preface and our settings, and waits for the server's SETTINGS, so the first calls
    /// already respect its stream limit and windows.
    /// </summary>
    public static async Task<Http2ClientConnection> ConnectAsync(Uri address, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(address.IdnHost, address.Port), timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var connection = new Http2ClientConnection(socket, address.GetLeftPart(UriPartial.Authority));
        connection.SendPreface();
        _ = connection.ReadLoopAsync();
        try
        {
            await connection._settingsReceived.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return connection;
    }

    /// <summary>Takes a place for one call if the connection is open and below the server's stream limit.</summary>
    public bool TryReserve()
    {
        lock (_lock)
        {
            if (_closed || _goingAway || _reserved >= _peerMaxConcurrentStreams || _nextStreamId > int.MaxValue - 2)
            {
                return false;
            }

            _reserved++;
            return true;
        }
    }

    /// <summary>
    /// Opens <paramref name="stream"/> on a place taken by <see cref="TryReserve"/>: writes its HEADERS (and
    /// CONTINUATION frames if the block is larger than a frame) and as much of the body as the windows allow.
    /// False when the connection closed meanwhile (the place is given back; nothing was sent).
    /// </summary>
    public bool TryStart(Http2ClientStream stream, ReadOnlySpan<byte> headerBlock, ReadOnlyMemory<byte> body)
    {
        lock (_lock)
        {
            if (_closed || _goingAway)
            {
                _reserved--;
                return false;
            }

            var id = _nextStreamId;
            _nextStreamId += 2;
            stream.Id = id;
            stream.SendWindow = _peerInitialWindow;
            _streams.Add(id, stream);

            var first = true;
            do
            {
                var chunk = Math.Min(headerBlock.Length, _peerMaxFrameSize);
                var last = chunk == headerBlock.Length;
                var type = first ? Http2FrameType.Headers : Http2FrameType.Continuation;
                var flags = (byte)((last ? Http2FrameFlags.EndHeaders : 0) | (first && body.IsEmpty ? Http2FrameFlags.EndStream : 0));
                WriteFrameLocked(type, flags, id, headerBlock[..chunk]);
                headerBlock = headerBlock[chunk..];
                first = false;
            }
            while (!headerBlock.IsEmpty);

            stream.PendingBody = body;
            if (!body.IsEmpty && !WriteBodyLocked(stream))
            {
                _blocked.Add(stream);
            }
        }

        Flush();
        return true;
    }

    /// <summary>
    /// Gives up a running call (its caller cancelled or its deadline passed): the server is told by RST_STREAM
    /// (CANCEL), later frames for the stream are dropped. False if the stream had already ended.
    /// </summary>
    public bool Cancel(Http2ClientStream stream)
    {
        lock (_lock)
        {
            if (!ForgetLocked(stream))
            {
                return false;
            }

            if (!_closed)
            {
                Span<byte> code = stackalloc byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(code, Http2ErrorCode.Cancel);
                WriteFrameLocked(Http2FrameType.RstStream, 0, stream.Id, code);
            }
        }

        Flush();
        return true;
    }

    /// <summary>Closes the socket; running calls fail with UNAVAILABLE.</summary>
    public void Dispose() => Fail(new ObjectDisposedException(nameof(Http2ClientConnection)), "the client was disposed");

    private void SendPreface()
    {
        lock (_lock)
        {
            Preface.CopyTo(ReserveLocked(Preface.Length));
            Span<byte> settings = stackalloc byte[12];
            WriteSetting(settings, 0x2, 0); // SETTINGS_ENABLE_PUSH: this client takes no pushed streams
            WriteSetting(settings[6..], 0x4, StreamReceiveWindow); // SETTINGS_INITIAL_WINDOW_SIZE
            WriteFrameLocked(Http2FrameType.Settings, 0, 0, settings);
            Span<byte> increment = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(increment, ConnectionReceiveWindow - DefaultWindow);
            WriteFrameLocked(Http2FrameType.WindowUpdate, 0, 0, increment);

            // Sent at once, not through the thread pool: the server answers with the SETTINGS the first call waits for.
            _socket.Send(_out.AsSpan(0, _outLength), SocketFlags.None);
            _outLength = 0;
        }
    }

    private static void WriteSetting(Span<byte> destination, ushort id, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], value);
    }

    private Span<byte> ReserveLocked(int length)
    {
        if (_out.Length - _outLength < length)
        {
            Array.Resize(ref _out, Math.Max(_out.Length * 2, _outLength + length));
        }

        var span = _out.AsSpan(_outLength, length);
        _outLength += length;
        return span;
    }

    private void WriteFrameLocked(Http2FrameType type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = ReserveLocked(Http2FrameHeader.Size + payload.Length);
        Http2FrameHeader.Write(frame, payload.Length, type, flags, streamId);
        payload.CopyTo(frame[Http2FrameHeader.Size..]);
    }

    /// <summary>Writes what the windows allow of the stream's body; true once all of it is written (END_STREAM sent).</summary>
    private bool WriteBodyLocked(Http2ClientStream stream)
    {
        var body = stream.PendingBody;
        while (!body.IsEmpty)
        {
            var allowed = (int)Math.Min(Math.Min(_connectionSendWindow, stream.SendWindow), Math.Min(body.Length, _peerMaxFrameSize));
            if (allowed <= 0)
            {
                stream.PendingBody = body;
                return false;
            }

            var last = allowed == body.Length;
            WriteFrameLocked(Http2FrameType.Data, last ? Http2FrameFlags.EndStream : (byte)0, stream.Id, body.Span[..allowed]);
            _connectionSendWindow -= allowed;
            stream.SendWindow -= allowed;
            body = body[allowed..];
        }

        stream.PendingBody = ReadOnlyMemory<byte>.Empty;
        return true;
    }

    private void WriteBlockedLocked()
    {
        for (var i = 0; i < _blocked.Count;)
        {
            if (WriteBodyLocked(_blocked[i]))
            {
                _blocked.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    /// <summary>Removes a stream that ends (or is given up); false if it was already gone.</summary>
    private bool ForgetLocked(Http2ClientStream stream)
    {
        if (!_streams.Remove(stream.Id))
        {
            return false;
        }

        _reserved--;
        if (!stream.PendingBody.IsEmpty)
        {
            _blocked.Remove(stream);
        }

        if (_goingAway && _streams.Count == 0)
        {
            // Drained after GOAWAY: nothing is left to wait for.
            _closed = true;
            _socket.Dispose();
        }

        return true;
    }

    /// <summary>
    /// Sends what is queued unless a send is already scheduled or running: it picks up everything appended
    /// meanwhile, which is how concurrent calls come to share one system call.
    /// </summary>
    private void Flush()
    {
        lock (_lock)
        {
            if (_flushing || _outLength == 0 || _closed)
            {
                return;
            }

            _flushing = true;
        }

        // Not sent inline: queued behind the work already waiting on the thread pool (typically the continuations
        // of the calls the reader just completed, each starting its next call), so their frames go out together.
        ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.FlushLoopAsync(), this, preferLocal: false);
    }

    private async Task FlushLoopAsync()
    {
        try
        {
            while (true)
            {
                byte[] buffer;
                int length;
                lock (_lock)
                {
                    if (_outLength == 0 || _closed)
                    {
                        _flushing = false;
                        return;
                    }

                    buffer = _out;
                    length = _outLength;
                    _out = _spare;
                    _outLength = 0;
                }

                // Socket.SendAsync on a stream socket completes only when every octet is sent.
                await _socket.SendAsync(buffer.AsMemory(0, length), SocketFlags.None).ConfigureAwait(false);
                lock (_lock)
                {
                    _spare = buffer;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Fail(ex, "sending failed");
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (start > 0 && buffer.Length - end < Http2FrameHeader.Size + MaxReceiveFrameSize)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The server closed the connection.");
                }

                end += read;
                while (end - start >= Http2FrameHeader.Size)
                {
                    var header = Http2FrameHeader.Read(buffer.AsSpan(start));
                    if (header.Length > MaxReceiveFrameSize)
                    {
                        throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, $"The server sent a {header.Length}-octet frame; the limit is {MaxReceiveFrameSize}.");
                    }

                    if (end - start < Http2FrameHeader.Size + header.Length)
                    {
                        break;
                    }

                    OnFrame(header, buffer.AsSpan(start + Http2FrameHeader.Size, header.Length));
                    start += Http2FrameHeader.Size + header.Length;
                }

                if (start == end)
                {
                    start = end = 0;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever ends the reader ends the connection: a call must never wait for frames nobody reads.
            Fail(ex, "the connection failed");
        }
    }

    private void OnFrame(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (_continuationStreamId != 0 && (header.Type != Http2FrameType.Continuation || header.StreamId != _continuationStreamId))
        {
            throw new Http2ConnectionException($"Expected CONTINUATION of stream {_continuationStreamId}, got {header.Type} on stream {header.StreamId}.");
        }

        switch (header.Type)
        {
            case Http2FrameType.Data:
                OnData(header, payload);
                break;
            case Http2FrameType.Headers:
                OnHeaders(header, payload);
                break;
            case Http2FrameType.Continuation:
                if (_continuationStreamId == 0)
                {
                    throw new Http2ConnectionException("CONTINUATION without a HEADERS frame before it.");
                }

                AppendHeaderBlock(payload);
                if (header.HasFlag(Http2FrameFlags.EndHeaders))
                {
                    var streamId = _continuationStreamId;
                    _continuationStreamId = 0;
                    OnHeaderBlock(streamId, _continuationEndsStream);
                }

                break;
            case Http2FrameType.RstStream:
                OnRstStream(header, payload);
                break;
            case Http2FrameType.Settings:
                OnSettings(header, payload);
                break;
            case Http2FrameType.PushPromise:
                throw new Http2ConnectionException("The server sent PUSH_PROMISE although this client disabled push.");
            case Http2FrameType.Ping:
                OnPing(header, payload);
                break;
            case Http2FrameType.GoAway:
                OnGoAway(payload);
                break;
            case Http2FrameType.WindowUpdate:
                OnWindowUpdate(header, payload);
                break;
            default:
                // PRIORITY and unknown frame types carry nothing this client uses (RFC 9113 sections 5.5, 6.3).
                break;
        }
    }

    private static ReadOnlySpan<byte> Unpad(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (!header.HasFlag(Http2FrameFlags.Padded))
        {
            return payload;
        }

        if (payload.IsEmpty || payload[0] >= payload.Length)
        {
            throw new Http2ConnectionException($"{header.Type} frame on stream {header.StreamId} has more padding than payload.");
        }

        return payload[1..(payload.Length - payload[0])];
    }

    private void OnData(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.StreamId == 0)
        {
            throw new Http2ConnectionException("DATA on stream 0.");
        }

        var data = Unpad(header, payload);
        Http2ClientStream? ended = null;
        lock (_lock)
        {
            // The whole frame counts against the windows, padding included (RFC 9113 section 6.9.1).
            _connectionReceivedUnacknowledged += header.Length;
            if (_connectionReceivedUnacknowledged >= ConnectionReceiveWindow / 2)
            {
                WriteWindowUpdateLocked(0, _connectionReceivedUnacknowledged);
                _connectionReceivedUnacknowledged = 0;
            }

            if (_streams.TryGetValue(header.StreamId, out var stream))
            {
                if (!stream.AppendBody(data))
                {
                    // Completed, not failed: the caller turns BodyTooLarge into RESOURCE_EXHAUSTED with the sizes.
                    ended = stream;
                    ForgetLocked(stream);
                    Span<byte> code = stackalloc byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(code, Http2ErrorCode.Cancel);
                    WriteFrameLocked(Http2FrameType.RstStream, 0, stream.Id, code);
                }
                else if (header.HasFlag(Http2FrameFlags.EndStream))
                {
                    ended = stream;
                    ForgetLocked(stream);
                }
                else
                {
                    stream.UnacknowledgedReceived += header.Length;
                    if (stream.UnacknowledgedReceived >= StreamReceiveWindow / 2)
                    {
                        WriteWindowUpdateLocked(stream.Id, stream.UnacknowledgedReceived);
                        stream.UnacknowledgedReceived = 0;
                    }
                }
            }
        }

        ended?.TryComplete();
        Flush();
    }

    private void OnHeaders(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.StreamId == 0)
        {
            throw new Http2ConnectionException("HEADERS on stream 0.");
        }

        var fragment = Unpad(header, payload);
        if (header.HasFlag(Http2FrameFlags.Priority))
        {
            if (fragment.Length < 5)
            {
                throw new Http2ConnectionException("HEADERS with the PRIORITY flag is shorter than its priority fields.");
            }

            fragment = fragment[5..];
        }

        _headerBlockLength = 0;
        AppendHeaderBlock(fragment);
        var endStream = header.HasFlag(Http2FrameFlags.EndStream);
        if (header.HasFlag(Http2FrameFlags.EndHeaders))
        {
            OnHeaderBlock(header.StreamId, endStream);
        }
        else
        {
            _continuationStreamId = header.StreamId;
            _continuationEndsStream = endStream;
        }
    }

    private void AppendHeaderBlock(ReadOnlySpan<byte> fragment)
    {
        if (_headerBlock.Length - _headerBlockLength < fragment.Length)
        {
            Array.Resize(ref _headerBlock, Math.Max(_headerBlock.Length * 2, _headerBlockLength + fragment.Length));
        }

        fragment.CopyTo(_headerBlock.AsSpan(_headerBlockLength));
        _headerBlockLength += fragment.Length;
    }

    /// <summary>
    /// Decodes a whole header block (always, even for a stream given up: the decoder's table must follow the
    /// server's encoder) and hands the fields to the stream: the first block is the response's headers, a later one
    /// its trailers.
    /// </summary>
    private void OnHeaderBlock(int streamId, bool endStream)
    {
        _fields.Clear();
        _decoder.Decode(_headerBlock.AsSpan(0, _headerBlockLength), _fields);
        lock (_lock)
        {
            if (!_streams.TryGetValue(streamId, out var stream))
            {
                return;
            }

            if (stream.ResponseHeaders is null)
            {
                if (IsInformational(_fields))
                {
                    // 1xx: a later block carries the response (RFC 9113 section 8.1).
                    return;
                }

                stream.ResponseHeaders = [.. _fields];
                stream.TrailersOnly = endStream;
            }
            else
            {
                stream.Trailers = [.. _fields];
            }

            if (endStream)
            {
                ForgetLocked(stream);
                stream.TryComplete();
            }
        }
    }

    private static bool IsInformational(List<KeyValuePair<string, string>> fields)
    {
        foreach (var (name, value) in fields)
        {
            if (name == ":status")
            {
                return value.Length == 3 && value[0] == '1';
            }
        }

        return false;
    }

    private void OnRstStream(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.StreamId == 0 || payload.Length != 4)
        {
            throw new Http2ConnectionException("Malformed RST_STREAM frame.");
        }

        var code = BinaryPrimitives.ReadUInt32BigEndian(payload);
        Http2ClientStream? stream;
        lock (_lock)
        {
            if (!_streams.TryGetValue(header.StreamId, out stream))
            {
                return;
            }

            ForgetLocked(stream);
        }

        stream.TryFail(new RpcException(
            GrpcClientCall.MapHttp2ErrorCode(code),
            $"HTTP/2 error 0x{code:X} on the call: the server reset the stream."));
    }

    private void OnSettings(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.StreamId != 0)
        {
            throw new Http2ConnectionException("SETTINGS on a stream.");
        }

        if (header.HasFlag(Http2FrameFlags.Ack))
        {
            return;
        }

        if (payload.Length % 6 != 0)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "SETTINGS payload is not a multiple of six octets.");
        }

        lock (_lock)
        {
            for (var i = 0; i < payload.Length; i += 6)
            {
                var id = BinaryPrimitives.ReadUInt16BigEndian(payload[i..]);
                var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(i + 2)..]);
                switch (id)
                {
                    case 0x3: // SETTINGS_MAX_CONCURRENT_STREAMS
                        _peerMaxConcurrentStreams = (int)Math.Min(value, int.MaxValue);
                        break;
                    case 0x4: // SETTINGS_INITIAL_WINDOW_SIZE: applies to open streams as a delta (RFC 9113 6.9.2)
                        if (value > MaxWindow)
                        {
                            throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, $"SETTINGS_INITIAL_WINDOW_SIZE {value} is above 2^31-1.");
                        }

                        var delta = (int)value - _peerInitialWindow;
                        _peerInitialWindow = (int)value;
                        foreach (var stream in _streams.Values)
                        {
                            stream.SendWindow += delta;
                        }

                        break;
                    case 0x5: // SETTINGS_MAX_FRAME_SIZE
                        if (value is < 16_384 or > 16_777_215)
                        {
                            throw new Http2ConnectionException($"SETTINGS_MAX_FRAME_SIZE {value} is out of range.");
                        }

                        _peerMaxFrameSize = (int)value;
                        break;
                    default:
                        // HEADER_TABLE_SIZE: our encoder uses no dynamic table; others do not concern a client.
                        break;
                }
            }

            WriteFrameLocked(Http2FrameType.Settings, Http2FrameFlags.Ack, 0, []);
            WriteBlockedLocked();
        }

        Flush();
        _settingsReceived.TrySetResult();
    }

    private void OnPing(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (header.StreamId != 0 || payload.Length != 8)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "Malformed PING frame.");
        }

        if (header.HasFlag(Http2FrameFlags.Ack))
        {
            return;
        }

        lock (_lock)
        {
            WriteFrameLocked(Http2FrameType.Ping, Http2FrameFlags.Ack, 0, payload);
        }

        Flush();
    }

    private void OnGoAway(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 8)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "GOAWAY shorter than eight octets.");
        }

        var lastStreamId = (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFF_FFFF);
        var code = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        List<Http2ClientStream> refused = [];
        lock (_lock)
        {
            _goingAway = true;
            foreach (var stream in _streams.Values)
            {
                if (stream.Id > lastStreamId)
                {
                    refused.Add(stream);
                }
            }

            foreach (var stream in refused)
            {
                ForgetLocked(stream);
            }

            if (_streams.Count == 0 && !_closed)
            {
                _closed = true;
                _socket.Dispose();
            }
        }

        foreach (var stream in refused)
        {
            // Not processed by the server (RFC 9113 section 6.8), so safe to retry.
            stream.TryFail(new RpcException(StatusCode.Unavailable, $"The server at {_address} is going away (GOAWAY, error 0x{code:X}) and did not process the call."));
        }
    }

    private void OnWindowUpdate(Http2FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 4)
        {
            throw new Http2ConnectionException(Http2ErrorCode.FrameSizeError, "WINDOW_UPDATE is not four octets.");
        }

        var increment = (int)(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFF_FFFF);
        Http2ClientStream? failed = null;
        lock (_lock)
        {
            if (header.StreamId == 0)
            {
                if (increment == 0)
                {
                    throw new Http2ConnectionException("WINDOW_UPDATE of the connection by zero.");
                }

                _connectionSendWindow += increment;
                if (_connectionSendWindow > MaxWindow)
                {
                    throw new Http2ConnectionException(Http2ErrorCode.FlowControlError, "The connection's send window passed 2^31-1.");
                }
            }
            else if (_streams.TryGetValue(header.StreamId, out var stream))
            {
                stream.SendWindow += increment;
                if (increment == 0 || stream.SendWindow > MaxWindow)
                {
                    // A stream error (RFC 9113 section 6.9.1): only this call fails.
                    failed = stream;
                    ForgetLocked(stream);
                    Span<byte> code = stackalloc byte[4];
                    BinaryPrimitives.WriteUInt32BigEndian(code, increment == 0 ? Http2ErrorCode.ProtocolError : Http2ErrorCode.FlowControlError);
                    WriteFrameLocked(Http2FrameType.RstStream, 0, stream.Id, code);
                }
            }

            WriteBlockedLocked();
        }

        failed?.TryFail(new RpcException(StatusCode.Internal, $"The server sent an invalid WINDOW_UPDATE on stream {header.StreamId}."));
        Flush();
    }

    private void WriteWindowUpdateLocked(int streamId, int increment)
    {
        Span<byte> payload = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)increment);
        WriteFrameLocked(Http2FrameType.WindowUpdate, 0, streamId, payload);
    }

    /// <summary>Ends the connection: every running call fails with UNAVAILABLE, a protocol error is told by GOAWAY first.</summary>
    private void Fail(Exception ex, string what)
    {
        List<Http2ClientStream> failed;
        lock (_lock)
        {
            if (_closed && _streams.Count == 0)
            {
                _settingsReceived.TrySetException(ex);
                return;
            }

            _closed = true;
            failed = [.. _streams.Values];
            _streams.Clear();
            _blocked.Clear();
            _reserved = 0;
            if (ex is Http2ConnectionException protocol)
            {
                TrySendGoAwayLocked(protocol.ErrorCode);
            }
        }

        _socket.Dispose();
        _settingsReceived.TrySetException(ex);
        var code = ex is Http2ConnectionException or HpackDecodingException ? StatusCode.Internal : StatusCode.Unavailable;
        foreach (var stream in failed)
        {
            stream.TryFail(new RpcException(code, $"Error communicating with {_address}: {what}: {ex.Message}", null, ex));
        }
    }

    private void TrySendGoAwayLocked(uint errorCode)
    {
        try
        {
            Span<byte> payload = stackalloc byte[8];
            // The last stream the server opened that we processed: servers open none with a gRPC client.
            BinaryPrimitives.WriteUInt32BigEndian(payload, 0);
            BinaryPrimitives.WriteUInt32BigEndian(payload[4..], errorCode);
            Span<byte> frame = stackalloc byte[Http2FrameHeader.Size + 8];
            Http2FrameHeader.Write(frame, 8, Http2FrameType.GoAway, 0, 0);
            payload.CopyTo(frame[Http2FrameHeader.Size..]);
            _socket.Send(frame, SocketFlags.None);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The connection is going anyway.
        }
    }
}
