using System.Numerics;

namespace AcquirerEngine.LoadTests.Stats;

/// <summary>
/// An HDR-style log-linear histogram of non-negative values (latencies in microseconds). Values below 256
/// are counted exactly; above, each power-of-two range is split into 128 equal buckets, so a percentile
/// read from the buckets is within <see cref="RelativeError"/> of the true value (two significant digits).
/// Min, max, count and mean are exact. Histograms merge by adding buckets, so percentiles are never
/// averaged. Not thread-safe: the owner locks.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The largest relative error of a percentile read from the buckets: half a bucket's width.</summary>
    public const double RelativeError = 1.0 / 256;

    private const int ExactLimit = 256;
    private const int HalfBuckets = 128;
    private const int HalfBucketBits = 7;

    private long[] _counts = new long[ExactLimit];

    public long Count { get; private set; }

    public long Min { get; private set; } = long.MaxValue;

    public long Max { get; private set; }

    public double Sum { get; private set; }

    public double Mean => Count == 0 ? 0 : Sum / Count;

    public void Record(long value)
    {
        if (value < 0)
        {
            value = 0;
        }

        var index = IndexOf(value);
        if (index >= _counts.Length)
        {
            Array.Resize(ref _counts, Math.Max(index + 1, _counts.Length * 2));
        }

        _counts[index]++;
        Count++;
        Sum += value;
        Min = Math.Min(Min, value);
        Max = Math.Max(Max, value);
    }

    /// <summary>Adds every value of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        if (other._counts.Length > _counts.Length)
        {
            Array.Resize(ref _counts, other._counts.Length);
        }

        for (var i = 0; i < other._counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
        Sum = 0;
        Min = long.MaxValue;
        Max = 0;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0-100): the midpoint of the bucket holding the
    /// nearest-rank value, clamped to the exact min and max. 0 when empty.
    /// </summary>
    public long ValueAt(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100 * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Clamp(Midpoint(i), Min, Max);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < ExactLimit)
        {
            return (int)value;
        }

        var shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - HalfBucketBits;
        var sub = (int)(value >> shift) - HalfBuckets;
        return ExactLimit + ((shift - 1) * HalfBuckets) + sub;
    }

    internal static long Midpoint(int index)
    {
        if (index < ExactLimit)
        {
            return index;
        }

        var shift = ((index - ExactLimit) / HalfBuckets) + 1;
        var sub = (index - ExactLimit) % HalfBuckets;
        var lower = (long)(sub + HalfBuckets) << shift;
        return lower + ((1L << shift) / 2);
    }
}
