using System.Collections;

namespace AcquirerEngine.Grpc;

/// <summary>
/// gRPC custom metadata: an ordered list of (key, value) pairs carried as HTTP/2 headers or trailers.
/// Keys are lower-cased on insertion because HTTP/2 header names are lower-case on the wire, and
/// validated so a handler cannot smuggle reserved protocol headers (<c>grpc-*</c>, pseudo-headers)
/// into a response. Values of keys ending in <c>-bin</c> are carried as their base64 text.
/// </summary>
public sealed class Metadata : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _entries = [];

    /// <summary>Whether <see cref="Add"/> is refused (request headers handed to a handler are read-only).</summary>
    public bool IsReadOnly { get; private set; }

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public KeyValuePair<string, string> this[int index] => _entries[index];

    /// <summary>Adds an entry; the key is lower-cased and must be a valid, non-reserved header name.</summary>
    /// <exception cref="ArgumentException">The key is reserved or malformed, or the value is not printable ASCII.</exception>
    /// <exception cref="InvalidOperationException">This collection is read-only.</exception>
    public Metadata Add(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (IsReadOnly)
        {
            throw new InvalidOperationException("This metadata is read-only.");
        }

        var normalized = key.ToLowerInvariant();
        ValidateKey(normalized);
        ValidateValue(normalized, value);
        _entries.Add(new KeyValuePair<string, string>(normalized, value));
        return this;
    }

    /// <summary>The last value for <paramref name="key"/> (case-insensitive), or null when absent.</summary>
    public string? GetValue(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i].Value;
            }
        }

        return null;
    }

    /// <summary>Every value for <paramref name="key"/> (case-insensitive), in insertion order.</summary>
    public IReadOnlyList<string> GetAll(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _entries
            .Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.Value)
            .ToList();
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether <paramref name="key"/> may be used as custom metadata (not a protocol header).</summary>
    public static bool IsReservedKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var k = key.ToLowerInvariant();
        return k.StartsWith(':')
            || k.StartsWith("grpc-", StringComparison.Ordinal)
            || k is "content-type" or "te" or "host" or "content-length" or "connection" or "transfer-encoding";
    }

    /// <summary>Adds an entry taken from the wire without the reserved-key check (used for received headers).</summary>
    internal void AddReceived(string key, string value) =>
        _entries.Add(new KeyValuePair<string, string>(key.ToLowerInvariant(), value));

    /// <summary>Freezes the collection so handlers cannot mutate what the peer sent.</summary>
    internal Metadata MakeReadOnly()
    {
        IsReadOnly = true;
        return this;
    }

    private static void ValidateKey(string key)
    {
        if (key.Length == 0)
        {
            throw new ArgumentException("Metadata key must not be empty.", nameof(key));
        }

        foreach (var c in key)
        {
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.';
            if (!ok)
            {
                throw new ArgumentException($"Metadata key '{key}' contains an invalid character.", nameof(key));
            }
        }

        if (IsReservedKey(key))
        {
            throw new ArgumentException($"Metadata key '{key}' is reserved for the gRPC protocol.", nameof(key));
        }
    }

    private static void ValidateValue(string key, string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException(
                    $"Metadata value for '{key}' must be printable ASCII (binary values belong in '-bin' keys as base64).",
                    nameof(value));
            }
        }
    }
}
