namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// Compares remembered tag sets with each other and with a measurement's tag span, so finding the series of a
/// measurement seen before allocates nothing: no label array, no sanitized names, no formatted values, no key string.
/// </summary>
internal sealed class RawTagSetComparer : IEqualityComparer<RawTagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, RawTagSet>
{
    public static RawTagSetComparer Instance { get; } = new();

    public bool Equals(RawTagSet? x, RawTagSet? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && Equals(x.Tags, y));

    public int GetHashCode(RawTagSet obj) => GetHashCode((ReadOnlySpan<KeyValuePair<string, object?>>)obj.Tags);

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, RawTagSet other)
    {
        var tags = other.Tags;
        if (alternate.Length != tags.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            if (!string.Equals(alternate[i].Key, tags[i].Key, StringComparison.Ordinal) || !Equals(alternate[i].Value, tags[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate)
    {
        var hash = new HashCode();
        foreach (var (name, value) in alternate)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public RawTagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate.ToArray());
}
