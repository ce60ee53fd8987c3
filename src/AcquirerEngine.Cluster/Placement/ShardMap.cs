using System.Text;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Placement;

/// <summary>
/// Places grains on a fixed number of shards by a stable hash of the grain key, so every node, of every build and
/// process, computes the same shard (string.GetHashCode is randomized per process and must never be used here).
/// The grain type is left out on purpose: a merchant and grains keyed by the same merchant id land together.
/// </summary>
public sealed class ShardMap
{
    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    public ShardMap(int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        ShardCount = shardCount;
    }

    public int ShardCount { get; }

    public int ShardOf(GrainId grainId) => ShardOf(grainId.Key);

    /// <summary>FNV-1a (32-bit) over the key's UTF-8 bytes, reduced modulo the shard count.</summary>
    public int ShardOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = FnvOffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(key.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(key, buffer)]
            : Encoding.UTF8.GetBytes(key);
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return (int)(hash % (uint)ShardCount);
    }
}
