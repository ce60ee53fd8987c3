using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;

namespace AcquirerEngine.Grpc.Tests.Infrastructure;

/// <summary>Hand-made gRPC requests for tests that check the bytes on the wire, independent of GrpcClient.</summary>
public static class Wire
{
    public static byte[] Frame(IMessage message, byte flag = 0)
    {
        var payload = message.ToByteArray();
        return Frame(payload, flag);
    }

    public static byte[] Frame(byte[] payload, byte flag = 0)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static HttpClient CreateH2cClient() => new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public static HttpRequestMessage Post(Uri address, string path, byte[] body, string contentType = "application/grpc", Version? version = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = version ?? HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.TryAddWithoutValidation("content-type", contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    public static string? Header(System.Net.Http.Headers.HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
