using System.Globalization;
using AcquirerEngine.Runtime.Time;
using AcquirerEngine.Server.Configuration;

namespace AcquirerEngine.Server.Hosting;

/// <summary>
/// The acquirer's clock in its own time zone (cut-off, void times and clearing dates are local to the
/// acquirer, default Asia/Shanghai). Production reads the system clock; the simulated mode reads a clock
/// that moves only when an operator advances it, and every timer and reminder follows it.
/// </summary>
public sealed class AcquirerClock
{
    private readonly Grains.Channels.AcquirerClock _local;

    public AcquirerClock(TimeProvider timeProvider, TimeZoneInfo timeZone)
    {
        TimeProvider = timeProvider;
        TimeZone = timeZone;
        Simulated = timeProvider as SimulatedTimeProvider;
        _local = new Grains.Channels.AcquirerClock(timeProvider, timeZone);
    }

    public TimeProvider TimeProvider { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>The simulated clock, or null on the real clock.</summary>
    public SimulatedTimeProvider? Simulated { get; }

    public static AcquirerClock FromSettings(ClockSettings settings, TimeZoneInfo timeZone)
    {
        switch (settings.Mode.ToLowerInvariant())
        {
            case "system":
                return new AcquirerClock(TimeProvider.System, timeZone);
            case "simulated":
                var start = string.IsNullOrWhiteSpace(settings.SimulatedStart)
                    ? TimeProvider.System.GetUtcNow()
                    : new Grains.Channels.AcquirerClock(TimeProvider.System, timeZone).ToUtc(ParseLocal(settings.SimulatedStart, "Clock:SimulatedStart"));
                return new AcquirerClock(new SimulatedTimeProvider(start, timeZone), timeZone);
            default:
                throw new InvalidOperationException($"AcquirerEngine:Clock:Mode must be 'system' or 'simulated', not '{settings.Mode}'.");
        }
    }

    /// <summary>Local date-time of the acquirer, without offset (Kind Unspecified).</summary>
    public DateTime LocalNow() => _local.LocalNow;

    public DateTimeOffset FromLocal(DateTime local) => _local.ToUtc(local);

    private static DateTime ParseLocal(string value, string setting) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local
            : throw new InvalidOperationException($"AcquirerEngine:{setting} must be a local date-time like 2026-09-30T08:00:00, not '{value}'.");
}
