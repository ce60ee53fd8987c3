namespace AcquirerEngine.Grpc;

/// <summary>A frame's 5-byte prefix, validated: whether the payload is compressed and how many bytes follow.</summary>
internal readonly record struct FrameHeader(bool Compressed, int Length);
