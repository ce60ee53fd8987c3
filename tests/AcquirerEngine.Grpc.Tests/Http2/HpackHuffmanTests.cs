using AcquirerEngine.Grpc.Http2;

namespace AcquirerEngine.Grpc.Tests.Http2;

public sealed class HpackHuffmanTests
{
    [Theory]
    [InlineData("f1e3c2e5f23a6ba0ab90f4ff", "www.example.com")]
    [InlineData("a8eb10649cbf", "no-cache")]
    [InlineData("25a849e95ba97d7f", "custom-key")]
    [InlineData("25a849e95bb8e8b4bf", "custom-value")]
    [InlineData("6402", "302")]
    [InlineData("aec3771a4b", "private")]
    [InlineData("d07abe941054d444a8200595040b8166e082a62d1bff", "Mon, 21 Oct 2013 20:13:21 GMT")]
    [InlineData("9d29ad171863c78f0b97c8e9ae82ae43d3", "https://www.example.com")]
    [InlineData("9bd9ab", "gzip")]
    [InlineData("94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")]
    [InlineData("", "")]
    public void Decodes_the_rfc_strings(string hex, string expected) =>
        Assert.Equal(expected, HpackHuffman.DecodeToString(Convert.FromHexString(hex)));

    [Theory]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData(10, 0x3ffffffcu, 30)]
    [InlineData(13, 0x3ffffffdu, 30)]
    [InlineData(22, 0x3ffffffeu, 30)]
    [InlineData(' ', 0x14u, 6)]
    [InlineData('!', 0x3f8u, 10)]
    [InlineData('&', 0xf8u, 8)]
    [InlineData('0', 0x0u, 5)]
    [InlineData('<', 0x7ffcu, 15)]
    [InlineData('\\', 0x7fff0u, 19)]
    [InlineData('a', 0x3u, 5)]
    [InlineData('z', 0x7bu, 7)]
    [InlineData(255, 0x3ffffeeu, 26)]
    public void Decodes_codes_listed_in_the_rfc_table(int symbol, uint code, int length)
    {
        var encoded = Encode([(code, length)]);

        Assert.Equal(new string((char)symbol, 1), HpackHuffman.DecodeToString(encoded));
        Assert.Equal(length, HpackHuffman.CodeLengths[symbol]);
    }

    [Fact]
    public void Decodes_every_octet_from_the_canonical_code_of_the_lengths()
    {
        var codes = CanonicalCodes();
        var symbols = Enumerable.Range(0, 256).Concat(Enumerable.Range(0, 256).Reverse()).ToArray();

        var encoded = Encode(symbols.Select(s => codes[s]));
        var decoded = new byte[HpackHuffman.GetMaxDecodedLength(encoded.Length)];
        var written = HpackHuffman.Decode(encoded, decoded);

        Assert.Equal(symbols.Select(s => (byte)s), decoded[..written]);
        Assert.Equal((0x3fffffffu, 30), codes[256]);
    }

    [Theory]
    [InlineData(new byte[] { 0xff })] // 8 bits of padding
    [InlineData(new byte[] { 0x1f, 0xff })] // "a", then 11 bits of padding
    [InlineData(new byte[] { 0x1f, 0xff, 0xff })] // "a", then 19 bits of padding
    [InlineData(new byte[] { 0xff, 0x9f, 0xff, 0xff, 0xff })] // "|", then 29 bits of padding
    [InlineData(new byte[] { 0x00 })] // "0", then padding of zeros
    [InlineData(new byte[] { 0x1c })] // "a", then padding "100"
    [InlineData(new byte[] { 0xfe })] // the first 8 bits of a longer code
    public void Rejects_padding_longer_than_7_bits_or_not_all_ones(byte[] encoded) =>
        Assert.Throws<HpackDecodingException>(() => HpackHuffman.DecodeToString(encoded));

    [Theory]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xfc })] // EOS, then "?"
    [InlineData(new byte[] { 0x1f, 0xff, 0xff, 0xff, 0xff })] // "a", then EOS, then padding
    public void Rejects_the_eos_symbol_inside_a_string(byte[] encoded) =>
        Assert.Throws<HpackDecodingException>(() => HpackHuffman.DecodeToString(encoded));

    [Fact]
    public void Decodes_strings_longer_than_the_stack_buffer()
    {
        var codes = CanonicalCodes();
        var text = string.Concat(Enumerable.Repeat("grpc-status: 0; ", 40));

        var encoded = Encode(text.Select(c => codes[c]));

        Assert.Equal(text, HpackHuffman.DecodeToString(encoded));
    }

    /// <summary>The canonical codes derived independently from the lengths: symbols by length then value, counting up.</summary>
    private static (uint Code, int Length)[] CanonicalCodes()
    {
        var lengths = HpackHuffman.CodeLengths.ToArray();
        var order = Enumerable.Range(0, lengths.Length).OrderBy(s => lengths[s]).ThenBy(s => s).ToArray();
        var codes = new (uint Code, int Length)[lengths.Length];
        uint code = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (i > 0)
            {
                code = (code + 1) << (lengths[order[i]] - lengths[order[i - 1]]);
            }

            codes[order[i]] = (code, lengths[order[i]]);
        }

        return codes;
    }

    /// <summary>Concatenates the codes and pads the last octet with ones (the prefix of EOS).</summary>
    private static byte[] Encode(IEnumerable<(uint Code, int Length)> codes)
    {
        var bytes = new List<byte>();
        ulong pending = 0;
        var count = 0;
        foreach (var (code, length) in codes)
        {
            pending = (pending << length) | code;
            count += length;
            while (count >= 8)
            {
                bytes.Add((byte)(pending >> (count - 8)));
                count -= 8;
            }
        }

        if (count > 0)
        {
            bytes.Add((byte)((pending << (8 - count)) | ((1u << (8 - count)) - 1)));
        }

        return [.. bytes];
    }
}
