namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// A header block that does not decode under RFC 7541. The connection's header compression state is then
/// unusable, so callers answer it with an HTTP/2 connection error of type COMPRESSION_ERROR.
/// </summary>
internal sealed class HpackDecodingException : Exception
{
    public HpackDecodingException()
    {
    }

    public HpackDecodingException(string message)
        : base(message)
    {
    }

    public HpackDecodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
