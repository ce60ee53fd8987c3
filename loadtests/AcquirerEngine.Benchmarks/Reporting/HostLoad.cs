using System.Globalization;

namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>
/// The host's 1-minute load average when a result is made: on a shared 2-core machine a figure measured under a
/// load of 15 is an upper bound, and the result line should say so. Null where the system does not publish it.
/// </summary>
public static class HostLoad
{
    public static double? OneMinute()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            var first = text.Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
