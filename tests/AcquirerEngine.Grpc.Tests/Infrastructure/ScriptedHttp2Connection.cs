using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using AcquirerEngine.Grpc.Http2;

namespace AcquirerEngine.Grpc.Tests.Infrastructure;

/// <summary>The server's side of one connection of a <see cref="ScriptedHttp2Server"/>: raw frames in and out.</summary>
internal sealed class ScriptedHttp2Connection : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly NetworkStream _stream;

    public ScriptedHttp2Connection(Socket socket)
    {
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public async Task ReadPrefaceAsync()
    {
        var preface = new byte[24];
        await _stream.ReadExactlyAsync(preface).AsTask().WaitAsync(Patience);
        Assert.Equal("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", Encoding.ASCII.GetString(preface));
    }

    public async Task<(Http2FrameHeader Header, byte[] Payload)> ReadFrameAsync()
    {
        var head = new byte[Http2FrameHeader.Size];
        await _stream.ReadExactlyAsync(head).AsTask().WaitAsync(Patience);
        var header = Http2FrameHeader.Read(head);
        var payload = new byte[header.Length];
        await _stream.ReadExactlyAsync(payload).AsTask().WaitAsync(Patience);
        return (header, payload);
    }

    /// <summary>Reads frames until one of <paramref name="type"/> (the ones before it are returned too, for asserts).</summary>
    public async Task<(Http2FrameHeader Header, byte[] Payload)> ReadUntilAsync(Http2FrameType type, List<(Http2FrameHeader Header, byte[] Payload)>? skipped = null)
    {
        while (true)
        {
            var frame = await ReadFrameAsync();
            if (frame.Header.Type == type)
            {
                return frame;
            }

            skipped?.Add(frame);
        }
    }

    /// <summary>Reads a whole request: its HEADERS, then DATA frames up to END_STREAM; returns the stream id and the body.</summary>
    public async Task<(int StreamId, byte[] Body)> ReadRequestAsync()
    {
        var headers = await ReadUntilAsync(Http2FrameType.Headers);
        var body = new List<byte>();
        while (true)
        {
            var frame = await ReadFrameAsync();
            if (frame.Header.Type == Http2FrameType.Data && frame.Header.StreamId == headers.Header.StreamId)
            {
                body.AddRange(frame.Payload);
                if (frame.Header.HasFlag(Http2FrameFlags.EndStream))
                {
                    return (headers.Header.StreamId, [.. body]);
                }
            }
        }
    }

    public Task WriteFrameAsync(Http2FrameType type, byte flags, int streamId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[Http2FrameHeader.Size + payload.Length];
        Http2FrameHeader.Write(frame, payload.Length, type, flags, streamId);
        payload.CopyTo(frame.AsSpan(Http2FrameHeader.Size));
        return _stream.WriteAsync(frame).AsTask();
    }

    /// <summary>The server's SETTINGS frame: (identifier, value) pairs.</summary>
    public Task SendSettingsAsync(params (ushort Id, uint Value)[] settings)
    {
        var payload = new byte[settings.Length * 6];
        for (var i = 0; i < settings.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(i * 6), settings[i].Id);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan((i * 6) + 2), settings[i].Value);
        }

        return WriteFrameAsync(Http2FrameType.Settings, 0, 0, payload);
    }

    public Task SendRstStreamAsync(int streamId, uint errorCode)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, errorCode);
        return WriteFrameAsync(Http2FrameType.RstStream, 0, streamId, payload);
    }

    public Task SendGoAwayAsync(int lastStreamId, uint errorCode)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)lastStreamId);
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), errorCode);
        return WriteFrameAsync(Http2FrameType.GoAway, 0, 0, payload);
    }

    public Task SendWindowUpdateAsync(int streamId, int increment)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(payload, (uint)increment);
        return WriteFrameAsync(Http2FrameType.WindowUpdate, 0, streamId, payload);
    }

    /// <summary>A literal header field without indexing, new name, raw strings (RFC 7541 6.2.2); both shorter than 127 octets.</summary>
    public static byte[] Literal(string name, string value) =>
        [0x00, (byte)name.Length, .. Encoding.ASCII.GetBytes(name), (byte)value.Length, .. Encoding.ASCII.GetBytes(value)];

    public void Dispose() => _stream.Dispose();
}
