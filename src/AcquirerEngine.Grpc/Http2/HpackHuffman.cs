using System.Buffers;
using System.Text;

namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// Decoding of the static Huffman code of HPACK (RFC 7541 5.2 and Appendix B).
/// </summary>
/// <remarks>
/// The code is canonical: ordering the symbols by code length, then by symbol value, and counting upwards
/// (shifting left whenever the length grows) reproduces every code of Appendix B. The 257 code lengths therefore
/// define the whole code, so only they are stored: a table of lengths is far shorter and easier to check against the
/// RFC than 257 codes, and the static constructor verifies that they form a complete prefix code.
/// Decoding peeks at the next 30 bits (the longest code): codes of up to <see cref="LookupBits"/> bits are resolved
/// by one table lookup, longer ones by comparing against the last code of each length, left-aligned to 30 bits.
/// </remarks>
internal static class HpackHuffman
{
    private const int EndOfString = 256;
    private const int MaxCodeLength = 30;
    private const int LookupBits = 10;

    /// <summary>Strings decoding to up to this many octets are decoded on the stack.</summary>
    private const int StackBufferSize = 256;

    /// <summary>
    /// For each value of the next <see cref="LookupBits"/> bits: the code length in the high byte and the symbol in
    /// the low byte when a code of at most that many bits starts there, otherwise 0.
    /// </summary>
    private static readonly ushort[] Lookup = new ushort[1 << LookupBits];

    /// <summary>For each length, one past its last code, left-aligned to 30 bits: a code has length L when the
    /// next 30 bits are below this limit and not below the limit of L - 1.</summary>
    private static readonly uint[] LimitByLength = new uint[MaxCodeLength + 1];

    /// <summary>For each length, its first code (not aligned).</summary>
    private static readonly uint[] FirstCodeByLength = new uint[MaxCodeLength + 1];

    /// <summary>For each length, the position in <see cref="SymbolsByCode"/> of the symbol of its first code.</summary>
    private static readonly int[] FirstSymbolIndexByLength = new int[MaxCodeLength + 1];

    /// <summary>The symbols in code order (by length, then by symbol value).</summary>
    private static readonly ushort[] SymbolsByCode = new ushort[EndOfString + 1];

    /// <summary>The code length in bits of symbols 0 to 255 (16 per row), then of EOS (256), from RFC 7541 Appendix B.</summary>
    internal static ReadOnlySpan<byte> CodeLengths =>
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    static HpackHuffman()
    {
        var lengths = CodeLengths;
        Span<int> countByLength = stackalloc int[MaxCodeLength + 1];
        foreach (var length in lengths)
        {
            countByLength[length]++;
        }

        // Canonical assignment: the first code of each length follows the last code of the previous length, shifted.
        uint code = 0;
        var symbolIndex = 0;
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            code = (code + (uint)countByLength[length - 1]) << 1;
            FirstCodeByLength[length] = code;
            FirstSymbolIndexByLength[length] = symbolIndex;
            LimitByLength[length] = (code + (uint)countByLength[length]) << (MaxCodeLength - length);
            symbolIndex += countByLength[length];
        }

        // A complete prefix code ends exactly at 2^30 with all ones (EOS) as its last code.
        if (LimitByLength[MaxCodeLength] != 1u << MaxCodeLength || symbolIndex != EndOfString + 1)
        {
            throw new InvalidOperationException("The HPACK Huffman code lengths do not form a complete prefix code.");
        }

        Span<int> filledByLength = stackalloc int[MaxCodeLength + 1];
        for (var length = 1; length <= MaxCodeLength; length++)
        {
            for (var symbol = 0; symbol <= EndOfString; symbol++)
            {
                if (lengths[symbol] != length)
                {
                    continue;
                }

                var rank = filledByLength[length]++;
                SymbolsByCode[FirstSymbolIndexByLength[length] + rank] = (ushort)symbol;
                if (length <= LookupBits)
                {
                    var first = (int)(FirstCodeByLength[length] + (uint)rank) << (LookupBits - length);
                    var entry = (ushort)((length << 8) | symbol);
                    Lookup.AsSpan(first, 1 << (LookupBits - length)).Fill(entry);
                }
            }
        }
    }

    /// <summary>The most octets <paramref name="encodedLength"/> octets can decode to (the shortest code is 5 bits).</summary>
    public static int GetMaxDecodedLength(int encodedLength) => (int)((long)encodedLength * 8 / 5);

    /// <summary>Decodes <paramref name="source"/> into a string of one char per octet (Latin-1).</summary>
    /// <exception cref="HpackDecodingException">The input is not a valid Huffman-encoded string.</exception>
    public static string DecodeToString(ReadOnlySpan<byte> source)
    {
        var max = GetMaxDecodedLength(source.Length);
        if (max <= StackBufferSize)
        {
            Span<byte> buffer = stackalloc byte[StackBufferSize];
            var written = Decode(source, buffer);
            return Encoding.Latin1.GetString(buffer[..written]);
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Decode(source, rented);
            return Encoding.Latin1.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>, which must hold at least
    /// <see cref="GetMaxDecodedLength"/> octets, and returns the number of octets written.
    /// </summary>
    /// <exception cref="HpackDecodingException">
    /// The input holds the EOS symbol, ends with padding longer than 7 bits or padding that is not the most
    /// significant bits of EOS (all ones), or ends inside a code (RFC 7541 5.2).
    /// </exception>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (destination.Length < GetMaxDecodedLength(source.Length))
        {
            throw new ArgumentException("The destination is shorter than the longest possible decoded string.", nameof(destination));
        }

        // The pending bits, left-aligned: the next bit to decode is bit 63.
        ulong bits = 0;
        var bitCount = 0;
        var position = 0;
        var written = 0;
        while (true)
        {
            while (bitCount <= 56 && position < source.Length)
            {
                bits |= (ulong)source[position++] << (56 - bitCount);
                bitCount += 8;
            }

            if (bitCount == 0)
            {
                return written;
            }

            if (position == source.Length && bitCount < 8 && bits >> (64 - bitCount) == (1UL << bitCount) - 1)
            {
                // Padding: at most 7 bits, all ones. No code is all ones but EOS, so these cannot be a symbol.
                return written;
            }

            // Near the end fewer than 30 bits remain: peek as if followed by ones, and check the length found below.
            var next = bitCount >= MaxCodeLength ? bits : bits | (ulong.MaxValue >> bitCount);
            var peek = (uint)(next >> (64 - MaxCodeLength));
            int symbol;
            int length;
            var entry = Lookup[peek >> (MaxCodeLength - LookupBits)];
            if (entry != 0)
            {
                symbol = entry & 0xFF;
                length = entry >> 8;
            }
            else
            {
                length = LookupBits + 1;
                while (peek >= LimitByLength[length])
                {
                    length++;
                }

                var offset = (int)((peek >> (MaxCodeLength - length)) - FirstCodeByLength[length]);
                symbol = SymbolsByCode[FirstSymbolIndexByLength[length] + offset];
            }

            if (length > bitCount)
            {
                throw new HpackDecodingException("Invalid Huffman-encoded string: padding longer than 7 bits, not all ones, or a truncated code.");
            }

            if (symbol == EndOfString)
            {
                throw new HpackDecodingException("Invalid Huffman-encoded string: it contains the EOS symbol.");
            }

            destination[written++] = (byte)symbol;
            bits <<= length;
            bitCount -= length;
        }
    }
}
