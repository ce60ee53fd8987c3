using System.Text;

namespace AcquirerEngine.Grpc;

/// <summary>
/// Percent-encoding of <c>grpc-message</c> (PROTOCOL-HTTP2.md): the UTF-8 bytes of the message,
/// with every byte outside printable ASCII (0x20-0x7E) and '%' itself written as %XX.
/// HTTP/2 header values must be ASCII, so this is what lets non-ASCII details cross the wire.
/// </summary>
public static class GrpcPercentEncoding
{
    private const string Hex = "0123456789ABCDEF";

    /// <summary>Encodes a status message for the <c>grpc-message</c> header.</summary>
    public static string Encode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!NeedsEncoding(message))
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Decodes a received <c>grpc-message</c>. Per the spec a receiver must not fail on a malformed
    /// value, so an invalid %-sequence is kept verbatim and invalid UTF-8 becomes U+FFFD.
    /// </summary>
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && TryHex(value[i + 1], out var hi) && TryHex(value[i + 2], out var lo))
            {
                bytes.Add((byte)((hi << 4) | lo));
                i += 2;
            }
            else if (c <= 0x7F)
            {
                bytes.Add((byte)c);
            }
            else
            {
                // Not legal in a header, but be lenient: keep the character as UTF-8.
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool NeedsEncoding(string message)
    {
        foreach (var c in message)
        {
            if (c is < ' ' or > '~' or '%')
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
