using System.Collections.Concurrent;

namespace AcquirerEngine.Grains;

/// <summary>
/// One shared string instance per identifier value, for identifiers many grains hold: a million active terminals
/// name a hundred thousand merchants, and each would otherwise keep its own copy of its merchant's id (read from
/// its request or its snapshot). Sharing changes no behaviour (the strings are equal), only memory.
/// Bounded: once <see cref="Capacity"/> distinct values are held, new values are returned as given, so the pool
/// never grows past what the operator sized. Thread-safe.
/// </summary>
public sealed class IdentifierPool
{
    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);
    private int _count;

    public IdentifierPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
    }

    /// <summary>Merchant ids as terminals hold them; room for a million merchants (about 60 MB if ever full).</summary>
    public static IdentifierPool MerchantIds { get; } = new(1_000_000);

    public int Capacity { get; }

    /// <summary>Distinct values held.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The shared instance equal to <paramref name="value"/> (that very instance if it is the first).</summary>
    public string Share(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (_values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (Count >= Capacity)
        {
            return value;
        }

        shared = _values.GetOrAdd(value, value);
        if (ReferenceEquals(shared, value))
        {
            Interlocked.Increment(ref _count);
        }

        return shared;
    }
}
