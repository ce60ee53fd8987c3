using AcquirerEngine.Grpc.Http2;

namespace AcquirerEngine.Grpc.Tests.Http2;

public sealed class HpackDecoderTests
{
    private const string Date21 = "Mon, 21 Oct 2013 20:13:21 GMT";
    private const string Date22 = "Mon, 21 Oct 2013 20:13:22 GMT";
    private const string Cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    [Theory]
    [InlineData("400a637573746f6d2d6b65790d637573746f6d2d686561646572", "custom-key", "custom-header", 55)] // C.2.1
    [InlineData("040c2f73616d706c652f70617468", ":path", "/sample/path", 0)] // C.2.2
    [InlineData("100870617373776f726406736563726574", "password", "secret", 0)] // C.2.3
    [InlineData("82", ":method", "GET", 0)] // C.2.4
    public void Decodes_the_rfc_header_field_representation_examples(string hex, string name, string value, int tableSize)
    {
        var decoder = new HpackDecoder();
        var headers = new List<KeyValuePair<string, string>>();

        decoder.Decode(Convert.FromHexString(hex), headers);

        Assert.Equal([new(name, value)], headers);
        Assert.Equal(tableSize, decoder.DynamicTableSize);
        Assert.Equal(tableSize == 0 ? [] : [new KeyValuePair<string, string>(name, value)], decoder.DynamicEntriesNewestFirst());
    }

    [Fact]
    public void Decodes_the_rfc_request_examples_without_huffman_coding() => DecodeSeries(4096,
        new("828684410f7777772e6578616d706c652e636f6d",
            Fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"),
            Fields(":authority", "www.example.com"),
            57),
        new("828684be58086e6f2d6361636865",
            Fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com", "cache-control", "no-cache"),
            Fields("cache-control", "no-cache", ":authority", "www.example.com"),
            110),
        new("828785bf400a637573746f6d2d6b65790c637573746f6d2d76616c7565",
            Fields(":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority", "www.example.com", "custom-key", "custom-value"),
            Fields("custom-key", "custom-value", "cache-control", "no-cache", ":authority", "www.example.com"),
            164));

    [Fact]
    public void Decodes_the_rfc_request_examples_with_huffman_coding() => DecodeSeries(4096,
        new("828684418cf1e3c2e5f23a6ba0ab90f4ff",
            Fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"),
            Fields(":authority", "www.example.com"),
            57),
        new("828684be5886a8eb10649cbf",
            Fields(":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com", "cache-control", "no-cache"),
            Fields("cache-control", "no-cache", ":authority", "www.example.com"),
            110),
        new("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf",
            Fields(":method", "GET", ":scheme", "https", ":path", "/index.html", ":authority", "www.example.com", "custom-key", "custom-value"),
            Fields("custom-key", "custom-value", "cache-control", "no-cache", ":authority", "www.example.com"),
            164));

    [Fact]
    public void Decodes_the_rfc_response_examples_with_evictions_without_huffman_coding() => DecodeSeries(256,
        new("4803333032580770726976617465611d4d6f6e2c203231204f637420323031332032303a31333a323120474d546e1768747470733a2f2f7777772e6578616d706c652e636f6d",
            Fields(":status", "302", "cache-control", "private", "date", Date21, "location", "https://www.example.com"),
            Fields("location", "https://www.example.com", "date", Date21, "cache-control", "private", ":status", "302"),
            222),
        new("4803333037c1c0bf",
            Fields(":status", "307", "cache-control", "private", "date", Date21, "location", "https://www.example.com"),
            Fields(":status", "307", "location", "https://www.example.com", "date", Date21, "cache-control", "private"),
            222),
        new("88c1611d4d6f6e2c203231204f637420323031332032303a31333a323220474d54c05a04677a69707738666f6f3d4153444a4b48514b425a584f5157454f50495541585157454f49553b206d61782d6167653d333630303b2076657273696f6e3d31",
            Fields(":status", "200", "cache-control", "private", "date", Date22, "location", "https://www.example.com", "content-encoding", "gzip", "set-cookie", Cookie),
            Fields("set-cookie", Cookie, "content-encoding", "gzip", "date", Date22),
            215));

    [Fact]
    public void Decodes_the_rfc_response_examples_with_evictions_with_huffman_coding() => DecodeSeries(256,
        new("488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3",
            Fields(":status", "302", "cache-control", "private", "date", Date21, "location", "https://www.example.com"),
            Fields("location", "https://www.example.com", "date", Date21, "cache-control", "private", ":status", "302"),
            222),
        new("4883640effc1c0bf",
            Fields(":status", "307", "cache-control", "private", "date", Date21, "location", "https://www.example.com"),
            Fields(":status", "307", "location", "https://www.example.com", "date", Date21, "cache-control", "private"),
            222),
        new("88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007",
            Fields(":status", "200", "cache-control", "private", "date", Date22, "location", "https://www.example.com", "content-encoding", "gzip", "set-cookie", Cookie),
            Fields("set-cookie", Cookie, "content-encoding", "gzip", "date", Date22),
            215));

    [Fact]
    public void Table_hits_return_the_stored_string_instances()
    {
        var decoder = new HpackDecoder();
        var headers = new List<KeyValuePair<string, string>>();

        // grpc-status: 0 with incremental indexing, then indexed twice (index 62), then :status 200 from the static table.
        decoder.Decode(Convert.FromHexString("400b677270632d737461747573013" + "0bebe88"), headers);

        Assert.Equal(Fields("grpc-status", "0", "grpc-status", "0", "grpc-status", "0", ":status", "200"), headers);
        Assert.Same(headers[0].Key, headers[1].Key);
        Assert.Same(headers[0].Value, headers[2].Value);
        Assert.Same(":status", headers[3].Key);
        Assert.Same("200", headers[3].Value);
    }

    [Fact]
    public void A_size_update_to_zero_empties_the_table_and_a_later_one_restores_it()
    {
        var decoder = new HpackDecoder();
        var headers = new List<KeyValuePair<string, string>>();
        decoder.Decode(Convert.FromHexString("400a637573746f6d2d6b65790d637573746f6d2d686561646572"), headers);

        decoder.Decode(Convert.FromHexString("20"), headers);

        Assert.Equal(0, decoder.DynamicTableSize);
        Assert.Empty(decoder.DynamicEntriesNewestFirst());

        // Two updates at the start of one block (0, then 4096), then a field that is indexed again.
        decoder.Decode(Convert.FromHexString("203fe11f" + "400a637573746f6d2d6b65790d637573746f6d2d686561646572"), headers);

        Assert.Equal(55, decoder.DynamicTableSize);
        Assert.Equal(Fields("custom-key", "custom-header"), decoder.DynamicEntriesNewestFirst());
    }

    [Fact]
    public void Fields_do_not_fit_while_the_size_is_zero_and_an_entry_larger_than_the_table_empties_it()
    {
        var decoder = new HpackDecoder(100);
        var headers = new List<KeyValuePair<string, string>>();
        decoder.Decode(Convert.FromHexString("4001610162"), headers); // a: b, 34 octets

        decoder.Decode(Convert.FromHexString("40016140" + Hex(new string('x', 64))), headers); // a: x * 64, 97 octets
        Assert.Equal(97, decoder.DynamicTableSize);

        decoder.Decode(Convert.FromHexString("40016144" + Hex(new string('x', 68))), headers); // 101 octets > 100
        Assert.Equal(0, decoder.DynamicTableSize);
        Assert.Empty(decoder.DynamicEntriesNewestFirst());

        decoder.Decode(Convert.FromHexString("20" + "4001610162"), headers);
        Assert.Equal(0, decoder.DynamicTableSize);
        Assert.All(headers, h => Assert.Equal("a", h.Key));
        Assert.Equal(4, headers.Count);
    }

    [Fact]
    public void The_dynamic_table_keeps_its_order_when_entries_wrap_around()
    {
        // 200 octets hold five entries of 37 octets ("kN" / "vN" plus 32 plus one digit pair).
        var decoder = new HpackDecoder(200);
        var headers = new List<KeyValuePair<string, string>>();
        for (var i = 10; i < 60; i++)
        {
            decoder.Decode(Convert.FromHexString("4003" + Hex($"k{i}") + "02" + Hex($"{i}")), headers);

            var expected = Enumerable.Range(Math.Max(10, i - 4), Math.Min(5, i - 9)).Reverse()
                .Select(n => new KeyValuePair<string, string>($"k{n}", $"{n}")).ToArray();
            Assert.Equal(expected, decoder.DynamicEntriesNewestFirst());
            Assert.Equal(expected.Length * 37, decoder.DynamicTableSize);
        }

        headers.Clear();
        decoder.Decode(Convert.FromHexString("bebfc0c1c2"), headers);

        Assert.Equal(Fields("k59", "59", "k58", "58", "k57", "57", "k56", "56", "k55", "55"), headers);
    }

    [Theory]
    [InlineData("80")] // index 0
    [InlineData("be")] // index 62 with an empty dynamic table
    [InlineData("ff00")] // index 127 with an empty dynamic table
    [InlineData("7e0161")] // literal whose name is index 62, empty dynamic table
    [InlineData("0000")] // literal name index 0 then a literal name, but no value
    public void Rejects_index_0_and_indexes_beyond_the_tables(string hex) => AssertRejected(new HpackDecoder(), hex);

    [Theory]
    [InlineData("400a6375")] // the name announces 10 octets, 2 follow
    [InlineData("40")] // no name length
    [InlineData("4001")] // no name
    [InlineData("400161")] // no value length
    [InlineData("4001610a")] // the value announces 10 octets, none follow
    [InlineData("ff")] // an integer with its continuation missing
    [InlineData("ff80")] // an integer whose last octet says more follow
    public void Rejects_truncated_input(string hex) => AssertRejected(new HpackDecoder(), hex);

    [Theory]
    [InlineData("ffffffffffffffffff7f")] // continuation octets far past 32 bits
    [InlineData("fff1ffffff0f")] // 127 + 0xffffff71 + ..., above int.MaxValue
    [InlineData("ff808080808000")] // a sixth continuation octet
    [InlineData("3fffffffff0f")] // a table size update above int.MaxValue
    public void Rejects_integer_overflow(string hex) => AssertRejected(new HpackDecoder(), hex);

    [Fact]
    public void Rejects_a_table_size_update_above_the_advertised_maximum()
    {
        AssertRejected(new HpackDecoder(), "3fe21f"); // 4097
        AssertRejected(new HpackDecoder(256), "3fe201"); // 257
        new HpackDecoder().Decode(Convert.FromHexString("3fe11f"), []); // 4096 is fine
    }

    [Theory]
    [InlineData("8220")] // after an indexed field
    [InlineData("04012f20")] // after a literal field
    public void Rejects_a_table_size_update_after_a_field(string hex) => AssertRejected(new HpackDecoder(), hex);

    [Fact]
    public void Rejects_invalid_huffman_strings()
    {
        AssertRejected(new HpackDecoder(), "0481ff"); // :path with a Huffman value of 8 bits of padding
        AssertRejected(new HpackDecoder(), "0085ffffffffff0161"); // a Huffman name holding EOS
    }

    [Fact]
    public void Decodes_an_empty_block_and_empty_strings()
    {
        var decoder = new HpackDecoder();
        var headers = new List<KeyValuePair<string, string>>();

        decoder.Decode([], headers);
        decoder.Decode(Convert.FromHexString("00016100" + "00016180"), headers); // raw, then Huffman

        Assert.Equal(Fields("a", "", "a", ""), headers);
        Assert.Same(string.Empty, headers[0].Value);
        Assert.Same(string.Empty, headers[1].Value);
    }

    [Fact]
    public void Decodes_octets_above_ascii_as_latin1()
    {
        var headers = new List<KeyValuePair<string, string>>();

        new HpackDecoder().Decode([0x00, 0x01, 0x78, 0x02, 0xe9, 0xff], headers);

        Assert.Equal(Fields("x", "\u00e9\u00ff"), headers);
    }

    private static void DecodeSeries(int maxTableSize, params Step[] steps)
    {
        var decoder = new HpackDecoder(maxTableSize);
        foreach (var step in steps)
        {
            var headers = new List<KeyValuePair<string, string>>();

            decoder.Decode(Convert.FromHexString(step.Hex), headers);

            Assert.Equal(step.Fields, headers);
            Assert.Equal(step.TableNewestFirst, decoder.DynamicEntriesNewestFirst());
            Assert.Equal(step.TableSize, decoder.DynamicTableSize);
        }
    }

    private static void AssertRejected(HpackDecoder decoder, string hex) =>
        Assert.Throws<HpackDecodingException>(() => decoder.Decode(Convert.FromHexString(hex), []));

    private static KeyValuePair<string, string>[] Fields(params string[] namesAndValues) =>
        namesAndValues.Chunk(2).Select(pair => new KeyValuePair<string, string>(pair[0], pair[1])).ToArray();

    private static string Hex(string latin1) => Convert.ToHexString(System.Text.Encoding.Latin1.GetBytes(latin1));

    private sealed record Step(string Hex, KeyValuePair<string, string>[] Fields, KeyValuePair<string, string>[] TableNewestFirst, int TableSize);
}
