namespace AcquirerEngine.Grpc.Http2;

/// <summary>The frame flags of RFC 9113 this client reads or writes (their meaning depends on the frame type).</summary>
internal static class Http2FrameFlags
{
    public const byte EndStream = 0x1;
    public const byte Ack = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte Priority = 0x20;
}
