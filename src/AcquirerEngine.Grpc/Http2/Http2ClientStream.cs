namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// One call's HTTP/2 stream on an <see cref="Http2ClientConnection"/>: what the connection's reader received for it
/// (header blocks and DATA octets) until END_STREAM, a reset or the connection's end completes it. The fields the
/// connection changes are guarded by the connection's lock; the caller reads them only after
/// <see cref="Completion"/> has finished.
/// </summary>
internal sealed class Http2ClientStream
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _maxBodyLength;
    private byte[] _body = [];
    private int _state; // 0 running, 1 finished (completed or failed)

    /// <param name="maxBodyLength">
    /// DATA octets accepted before the stream is given up (the receive limit of a message plus its 5-byte prefix):
    /// a response larger than any message the caller would accept is not buffered.
    /// </param>
    public Http2ClientStream(int maxBodyLength)
    {
        _maxBodyLength = maxBodyLength;
    }

    /// <summary>The stream id, given when the connection writes its HEADERS.</summary>
    public int Id { get; set; }

    /// <summary>What the peer lets this stream send before its next WINDOW_UPDATE.</summary>
    public long SendWindow { get; set; }

    /// <summary>Request octets not yet sent because a flow-control window was closed.</summary>
    public ReadOnlyMemory<byte> PendingBody { get; set; }

    /// <summary>DATA octets received since the last stream WINDOW_UPDATE was sent.</summary>
    public int UnacknowledgedReceived { get; set; }

    public List<KeyValuePair<string, string>>? ResponseHeaders { get; set; }

    public List<KeyValuePair<string, string>>? Trailers { get; set; }

    /// <summary>The response was a single header block that ended the stream (gRPC's Trailers-Only).</summary>
    public bool TrailersOnly { get; set; }

    /// <summary>Whether more DATA would pass the stream's limit (the caller then sees RESOURCE_EXHAUSTED).</summary>
    public bool BodyTooLarge { get; private set; }

    public ReadOnlyMemory<byte> Body => _body.AsMemory(0, BodyLength);

    public int BodyLength { get; private set; }

    public bool IsFinished => Volatile.Read(ref _state) != 0;

    /// <summary>Finishes when the stream ended; faults with an <see cref="RpcException"/> when it failed.</summary>
    public Task Completion => _done.Task;

    /// <summary>Keeps DATA octets; false when they pass the limit (nothing is kept then).</summary>
    public bool AppendBody(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        if ((long)BodyLength + data.Length > _maxBodyLength)
        {
            BodyTooLarge = true;
            return false;
        }

        if (_body.Length - BodyLength < data.Length)
        {
            // A unary response is usually one DATA frame: the first one is kept in an array of its own size.
            var grown = new byte[Math.Max(BodyLength + data.Length, Math.Min(_maxBodyLength, _body.Length * 2))];
            _body.AsSpan(0, BodyLength).CopyTo(grown);
            _body = grown;
        }

        data.CopyTo(_body.AsSpan(BodyLength));
        BodyLength += data.Length;
        return true;
    }

    public bool TryComplete()
    {
        if (Interlocked.Exchange(ref _state, 1) != 0)
        {
            return false;
        }

        _done.SetResult();
        return true;
    }

    public bool TryFail(RpcException failure)
    {
        if (Interlocked.Exchange(ref _state, 1) != 0)
        {
            return false;
        }

        _done.SetException(failure);
        return true;
    }
}
