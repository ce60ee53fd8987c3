using System.Globalization;

namespace AcquirerEngine.Grpc;

/// <summary>
/// The <c>grpc-timeout</c> header: at most 8 ASCII digits followed by a unit
/// (H hours, M minutes, S seconds, m milliseconds, u microseconds, n nanoseconds).
/// </summary>
public static class GrpcTimeout
{
    /// <summary>The largest value the 8-digit field can carry.</summary>
    private const long MaxValue = 99_999_999;

    // Units from finest to coarsest with their size in nanoseconds; formatting picks the finest
    // unit whose value fits in 8 digits so precision is only lost when it has to be.
    private static readonly (char Unit, long Nanos)[] Units =
    [
        ('n', 1L),
        ('u', 1_000L),
        ('m', 1_000_000L),
        ('S', 1_000_000_000L),
        ('M', 60L * 1_000_000_000L),
        ('H', 3_600L * 1_000_000_000L),
    ];

    /// <summary>Parses a header value; false when it is not a valid grpc-timeout.</summary>
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > 9)
        {
            return false;
        }

        var digits = value.AsSpan(0, value.Length - 1);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long? nanosPerUnit = null;
        foreach (var (unit, nanos) in Units)
        {
            if (unit == value[^1])
            {
                nanosPerUnit = nanos;
            }
        }

        if (nanosPerUnit is null)
        {
            return false;
        }

        // 99,999,999 hours overflows a TimeSpan's nanosecond range only far beyond any real deadline;
        // compute in ticks (100 ns) with a decimal to stay exact, then clamp.
        var ticks = (decimal)amount * nanosPerUnit.Value / 100m;
        timeout = ticks >= TimeSpan.MaxValue.Ticks
            ? TimeSpan.MaxValue
            : TimeSpan.FromTicks((long)Math.Ceiling(ticks));
        return true;
    }

    /// <summary>
    /// Formats a timeout for the header, rounding up so the server never sees a shorter timeout
    /// than the client intends. Non-positive timeouts become the smallest expressible one.
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        var nanos = (decimal)timeout.Ticks * 100m;
        foreach (var (unit, size) in Units)
        {
            var amount = Math.Ceiling(nanos / size);
            if (amount <= MaxValue)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }
}
