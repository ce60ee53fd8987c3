using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace AcquirerEngine.Grpc;

/// <summary>
/// Length-prefixed messages: 1 byte compressed flag, 4 bytes big-endian length, then the payload.
/// Shared by server and client so both enforce the same size limits with the same wording.
/// </summary>
internal static class GrpcFraming
{
    /// <summary>Serialises <paramref name="message"/> into one frame, refusing it when it exceeds <paramref name="maxSize"/>.</summary>
    public static byte[] Frame(IMessage message, int? maxSize)
    {
        var size = CheckedSize(message, maxSize);
        var buffer = new byte[GrpcProtocol.HeaderSize + size];
        WriteFrame(buffer, message, size);
        return buffer;
    }

    /// <summary>The payload size of <paramref name="message"/>, refusing it when it exceeds <paramref name="maxSize"/>.</summary>
    public static int CheckedSize(IMessage message, int? maxSize)
    {
        var size = message.CalculateSize();
        if (maxSize is { } max && size > max)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Sending message larger than max ({size} vs. {max}).");
        }

        return size;
    }

    /// <summary>
    /// Writes the frame of a message whose payload size is <paramref name="size"/> straight into the writer's
    /// buffer: the server's responses need no intermediate array.
    /// </summary>
    public static void WriteFrame(IBufferWriter<byte> writer, IMessage message, int size)
    {
        var length = GrpcProtocol.HeaderSize + size;
        WriteFrame(writer.GetSpan(length)[..length], message, size);
        writer.Advance(length);
    }

    private static void WriteFrame(Span<byte> frame, IMessage message, int size)
    {
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.Slice(1, 4), (uint)size);
        message.WriteTo(frame[GrpcProtocol.HeaderSize..]);
    }

    /// <summary>
    /// Reads the next frame; null at a clean end of stream. The size limit is checked on the length
    /// prefix, before any payload is buffered, so an oversized message never costs its size in memory.
    /// </summary>
    /// <exception cref="RpcException">Truncated frame, bad flag, or a message above <paramref name="maxSize"/>.</exception>
    public static async ValueTask<ReceivedFrame?> ReadAsync(Stream stream, int? maxSize, CancellationToken cancellationToken)
    {
        if (await ReadHeaderAsync(stream, new byte[GrpcProtocol.HeaderSize], maxSize, cancellationToken).ConfigureAwait(false)
            is not { } header)
        {
            return null;
        }

        var payload = new byte[header.Length];
        await ReadPayloadAsync(stream, payload, cancellationToken).ConfigureAwait(false);
        return new ReceivedFrame(header.Compressed, payload);
    }

    /// <summary>
    /// Reads and validates the next frame's prefix into <paramref name="buffer"/> (at least 5 bytes, the caller's,
    /// so a server can reuse one per call); null at a clean end of stream. The size limit is checked here,
    /// before the caller buffers any payload.
    /// </summary>
    /// <exception cref="RpcException">Truncated header, bad flag, or a message above <paramref name="maxSize"/>.</exception>
    public static async ValueTask<FrameHeader?> ReadHeaderAsync(
        Stream stream, Memory<byte> buffer, int? maxSize, CancellationToken cancellationToken)
    {
        var header = buffer[..GrpcProtocol.HeaderSize];
        var read = await ReadFullyAsync(stream, header, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        if (read < header.Length)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a message header.");
        }

        var flag = header.Span[0];
        if (flag > 1)
        {
            throw new RpcException(StatusCode.Internal, $"Invalid compressed flag {flag} in message header.");
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(header.Span.Slice(1, 4));
        if (maxSize is { } max && length > (uint)max)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {max}).");
        }

        if (length > int.MaxValue)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {int.MaxValue}).");
        }

        return new FrameHeader(flag == 1, (int)length);
    }

    /// <summary>Fills <paramref name="payload"/> (exactly the length its header announced) from the stream.</summary>
    /// <exception cref="RpcException">The stream ended inside the payload.</exception>
    public static async ValueTask ReadPayloadAsync(Stream stream, Memory<byte> payload, CancellationToken cancellationToken)
    {
        var read = await ReadFullyAsync(stream, payload, cancellationToken).ConfigureAwait(false);
        if (read < payload.Length)
        {
            throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a message body.");
        }
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
