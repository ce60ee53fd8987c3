namespace AcquirerEngine.Grpc.Http2;

/// <summary>The error codes of RFC 9113 section 7 this client sends.</summary>
internal static class Http2ErrorCode
{
    public const uint NoError = 0x0;
    public const uint ProtocolError = 0x1;
    public const uint FlowControlError = 0x3;
    public const uint FrameSizeError = 0x6;
    public const uint Cancel = 0x8;
    public const uint CompressionError = 0x9;
}
