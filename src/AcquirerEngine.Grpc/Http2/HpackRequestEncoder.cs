using System.Collections.Concurrent;
using System.Text;

namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// Encodes a gRPC request's header block without the dynamic table (RFC 7541: indexed static fields and literals
/// "without indexing"), so the encoder keeps no per-connection state and the block of every call to one method
/// starts with the same bytes, built once per route and copied.
/// </summary>
internal sealed class HpackRequestEncoder
{
    // Static table indexes (RFC 7541 Appendix A).
    private const byte MethodPostIndexed = 0x80 | 3;
    private const byte SchemeHttpIndexed = 0x80 | 6;
    private const int AuthorityName = 1;
    private const int PathName = 4;
    private const int ContentTypeName = 31;
    private const int UserAgentName = 58;

    private readonly string _authority;
    private readonly ConcurrentDictionary<string, byte[]> _prefixes = new(StringComparer.Ordinal);

    public HpackRequestEncoder(string authority)
    {
        _authority = authority;
    }

    /// <summary>
    /// The header block of a call to <paramref name="route"/>: the fields every call carries, then grpc-timeout when
    /// given, then the caller's metadata.
    /// </summary>
    public byte[] Encode(string route, string? timeout, Metadata? metadata)
    {
        var prefix = _prefixes.GetOrAdd(route, BuildPrefix);
        if (timeout is null && (metadata is null || metadata.Count == 0))
        {
            return prefix;
        }

        var block = new List<byte>(prefix.Length + 64);
        block.AddRange(prefix);
        if (timeout is not null)
        {
            WriteLiteralNewName(block, GrpcProtocol.TimeoutHeader, timeout);
        }

        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                WriteLiteralNewName(block, key, value);
            }
        }

        return [.. block];
    }

    private byte[] BuildPrefix(string route)
    {
        var block = new List<byte>(128) { MethodPostIndexed, SchemeHttpIndexed };
        WriteLiteralIndexedName(block, PathName, route);
        WriteLiteralIndexedName(block, AuthorityName, _authority);
        WriteLiteralIndexedName(block, ContentTypeName, GrpcProtocol.ContentType);
        WriteLiteralNewName(block, GrpcProtocol.TeHeader, "trailers");
        WriteLiteralIndexedName(block, UserAgentName, GrpcProtocol.UserAgent);
        WriteLiteralNewName(block, GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        return [.. block];
    }

    /// <summary>Literal header field without indexing, name from the static table (RFC 7541 6.2.2, 4-bit prefix).</summary>
    private static void WriteLiteralIndexedName(List<byte> block, int nameIndex, string value)
    {
        WriteInteger(block, 0x00, 4, nameIndex);
        WriteString(block, value);
    }

    /// <summary>Literal header field without indexing, new name (RFC 7541 6.2.2).</summary>
    private static void WriteLiteralNewName(List<byte> block, string name, string value)
    {
        block.Add(0x00);
        WriteString(block, name);
        WriteString(block, value);
    }

    /// <summary>A raw (not Huffman-coded) string literal: 7-bit prefixed length, then the octets.</summary>
    private static void WriteString(List<byte> block, string value)
    {
        var bytes = Encoding.Latin1.GetBytes(value);
        WriteInteger(block, 0x00, 7, bytes.Length);
        block.AddRange(bytes);
    }

    /// <summary>An integer with an N-bit prefix (RFC 7541 5.1); <paramref name="firstByteBits"/> fills the bits above it.</summary>
    internal static void WriteInteger(List<byte> block, byte firstByteBits, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(firstByteBits | value));
            return;
        }

        block.Add((byte)(firstByteBits | max));
        value -= max;
        while (value >= 0x80)
        {
            block.Add((byte)((value & 0x7F) | 0x80));
            value >>= 7;
        }

        block.Add((byte)value);
    }
}
