namespace AcquirerEngine.Grpc.Http2;

/// <summary>A connection error (RFC 9113 section 5.4.1): the connection is closed with GOAWAY and this code.</summary>
internal sealed class Http2ConnectionException : Exception
{
    public Http2ConnectionException(uint errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public Http2ConnectionException()
        : this(Http2ErrorCode.ProtocolError, "HTTP/2 protocol error.")
    {
    }

    public Http2ConnectionException(string message)
        : this(Http2ErrorCode.ProtocolError, message)
    {
    }

    public Http2ConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = Http2ErrorCode.ProtocolError;
    }

    public uint ErrorCode { get; }
}
