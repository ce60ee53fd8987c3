namespace AcquirerEngine.Grpc;

/// <summary>One received length-prefixed message; the flag is kept so the caller can apply its encoding rules.</summary>
internal sealed record ReceivedFrame(bool Compressed, byte[] Payload);
