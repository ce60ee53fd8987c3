using System.Text;

namespace AcquirerEngine.Grpc.Http2;

/// <summary>
/// Decodes HPACK header blocks (RFC 7541) for one HTTP/2 connection: it holds the connection's dynamic table, so every
/// header block received on the connection goes through the same instance, in order. Not thread-safe.
/// </summary>
/// <remarks>
/// Strings are decoded as Latin-1 (one char per octet). Static-table and dynamic-table hits return the stored string
/// instances, so only literals allocate.
/// </remarks>
internal sealed class HpackDecoder
{
    /// <summary>RFC 7541 4.1: an entry's size is its name and value lengths plus 32 octets.</summary>
    private const int EntryOverhead = 32;

    private readonly int _maxAllowedTableSize;

    /// <summary>The dynamic table as a ring buffer: the oldest entry at <see cref="_oldest"/>, the newest <see cref="_count"/> - 1 after it.</summary>
    private KeyValuePair<string, string>[] _entries = [];
    private int _oldest;
    private int _count;
    private int _size;
    private int _maxTableSize;

    /// <param name="maxDynamicTableSize">
    /// The SETTINGS_HEADER_TABLE_SIZE advertised to the peer: the table starts at this maximum, and a dynamic table
    /// size update above it is a decoding error.
    /// </param>
    public HpackDecoder(int maxDynamicTableSize = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDynamicTableSize);
        _maxAllowedTableSize = maxDynamicTableSize;
        _maxTableSize = maxDynamicTableSize;
    }

    /// <summary>The dynamic table's current size in octets (RFC 7541 4.1).</summary>
    internal int DynamicTableSize => _size;

    /// <summary>
    /// Decodes a complete header block (HEADERS and its CONTINUATION fragments, already joined) and appends its fields
    /// to <paramref name="headers"/> in order.
    /// </summary>
    /// <exception cref="HpackDecodingException">The block does not decode; answer with COMPRESSION_ERROR.</exception>
    public void Decode(ReadOnlySpan<byte> headerBlock, List<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var position = 0;
        var fieldSeen = false;
        while (position < headerBlock.Length)
        {
            var first = headerBlock[position];
            if ((first & 0x80) != 0)
            {
                // 6.1 Indexed Header Field: 1xxxxxxx, 7-bit index.
                var index = DecodeInteger(headerBlock, ref position, 7);
                headers.Add(GetIndexed(index));
                fieldSeen = true;
            }
            else if ((first & 0xC0) == 0x40)
            {
                // 6.2.1 Literal Header Field with Incremental Indexing: 01xxxxxx, 6-bit name index.
                var field = DecodeLiteral(headerBlock, ref position, 6);
                headers.Add(field);
                Add(field);
                fieldSeen = true;
            }
            else if ((first & 0xE0) == 0x20)
            {
                // 6.3 Dynamic Table Size Update: 001xxxxx, 5-bit size; only before the first field (4.2).
                if (fieldSeen)
                {
                    throw new HpackDecodingException("A dynamic table size update follows a header field.");
                }

                var size = DecodeInteger(headerBlock, ref position, 5);
                if (size > _maxAllowedTableSize)
                {
                    throw new HpackDecodingException($"A dynamic table size update to {size} exceeds the maximum of {_maxAllowedTableSize}.");
                }

                _maxTableSize = size;
                EvictToFit(0);
            }
            else
            {
                // 6.2.2 without indexing (0000xxxx) and 6.2.3 never indexed (0001xxxx): 4-bit name index.
                headers.Add(DecodeLiteral(headerBlock, ref position, 4));
                fieldSeen = true;
            }
        }
    }

    /// <summary>The dynamic table, newest entry first (index 62 onwards).</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> DynamicEntriesNewestFirst()
    {
        var result = new KeyValuePair<string, string>[_count];
        for (var i = 0; i < _count; i++)
        {
            result[i] = GetDynamic(i);
        }

        return result;
    }

    private KeyValuePair<string, string> DecodeLiteral(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var nameIndex = DecodeInteger(block, ref position, prefixBits);
        var name = nameIndex == 0 ? DecodeString(block, ref position) : GetIndexed(nameIndex).Key;
        var value = DecodeString(block, ref position);
        return new KeyValuePair<string, string>(name, value);
    }

    private KeyValuePair<string, string> GetIndexed(int index)
    {
        if (index == 0)
        {
            throw new HpackDecodingException("Index 0 is not a valid header table index.");
        }

        if (index <= HpackStaticTable.Count)
        {
            return HpackStaticTable.Get(index);
        }

        var dynamicIndex = index - HpackStaticTable.Count - 1;
        if (dynamicIndex >= _count)
        {
            throw new HpackDecodingException($"Index {index} is beyond the header tables ({HpackStaticTable.Count} static and {_count} dynamic entries).");
        }

        return GetDynamic(dynamicIndex);
    }

    /// <summary>The dynamic entry <paramref name="newestFirstIndex"/> places older than the newest.</summary>
    private KeyValuePair<string, string> GetDynamic(int newestFirstIndex)
    {
        var slot = _oldest + _count - 1 - newestFirstIndex;
        if (slot >= _entries.Length)
        {
            slot -= _entries.Length;
        }

        return _entries[slot];
    }

    /// <summary>RFC 7541 4.4: evicts the oldest entries until the new one fits; one larger than the table empties it.</summary>
    private void Add(KeyValuePair<string, string> field)
    {
        var entrySize = field.Key.Length + field.Value.Length + EntryOverhead;
        if (entrySize > _maxTableSize)
        {
            EvictToFit(_maxTableSize + 1);
            return;
        }

        EvictToFit(entrySize);
        if (_count == _entries.Length)
        {
            Grow();
        }

        var slot = _oldest + _count;
        if (slot >= _entries.Length)
        {
            slot -= _entries.Length;
        }

        _entries[slot] = field;
        _count++;
        _size += entrySize;
    }

    /// <summary>Evicts the oldest entries until <paramref name="room"/> more octets fit under the maximum size.</summary>
    private void EvictToFit(int room)
    {
        while (_count > 0 && _size + room > _maxTableSize)
        {
            var oldest = _entries[_oldest];
            _size -= oldest.Key.Length + oldest.Value.Length + EntryOverhead;
            _entries[_oldest] = default;
            _oldest = _oldest + 1 == _entries.Length ? 0 : _oldest + 1;
            _count--;
        }
    }

    private void Grow()
    {
        // The table holds at most maxSize / 32 entries; grow by doubling rather than reserving that up front.
        var grown = new KeyValuePair<string, string>[Math.Max(8, _entries.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            var slot = _oldest + i;
            grown[i] = _entries[slot >= _entries.Length ? slot - _entries.Length : slot];
        }

        _entries = grown;
        _oldest = 0;
    }

    /// <summary>RFC 7541 5.1: an integer with an N-bit prefix, refused when truncated or above <see cref="int.MaxValue"/>.</summary>
    private static int DecodeInteger(ReadOnlySpan<byte> block, ref int position, int prefixBits)
    {
        var mask = (1 << prefixBits) - 1;
        var value = block[position++] & mask;
        if (value < mask)
        {
            return value;
        }

        ulong result = (uint)value;
        var shift = 0;
        while (true)
        {
            if (position >= block.Length)
            {
                throw new HpackDecodingException("The header block ends inside an integer.");
            }

            // Five continuation octets carry 35 bits, more than an int needs; a sixth is an overflow (or padding).
            if (shift > 28)
            {
                throw new HpackDecodingException("An integer in the header block is too large.");
            }

            var octet = block[position++];
            result += (ulong)(octet & 0x7F) << shift;
            if (result > int.MaxValue)
            {
                throw new HpackDecodingException("An integer in the header block is too large.");
            }

            if ((octet & 0x80) == 0)
            {
                return (int)result;
            }

            shift += 7;
        }
    }

    /// <summary>RFC 7541 5.2: a string literal, raw or Huffman-encoded, as Latin-1.</summary>
    private static string DecodeString(ReadOnlySpan<byte> block, ref int position)
    {
        if (position >= block.Length)
        {
            throw new HpackDecodingException("The header block ends before a string literal.");
        }

        var huffman = (block[position] & 0x80) != 0;
        var length = DecodeInteger(block, ref position, 7);
        if (length > block.Length - position)
        {
            throw new HpackDecodingException($"A string literal of {length} octets runs past the end of the header block.");
        }

        var encoded = block.Slice(position, length);
        position += length;
        if (length == 0)
        {
            return string.Empty;
        }

        return huffman ? HpackHuffman.DecodeToString(encoded) : Encoding.Latin1.GetString(encoded);
    }
}
