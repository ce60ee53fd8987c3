namespace AcquirerEngine.Server.Hosting;

/// <summary>
/// The acquirer's wall clock in its own time zone (cut-off, void times and clearing dates are local to
/// the acquirer, default Asia/Shanghai). Reads the injected TimeProvider so a simulated clock drives it too.
/// </summary>
public sealed class AcquirerClock(TimeProvider timeProvider, TimeZoneInfo timeZone)
{
    public TimeProvider TimeProvider { get; } = timeProvider;

    public TimeZoneInfo TimeZone { get; } = timeZone;

    /// <summary>Local date-time of the acquirer, without offset (Kind Unspecified).</summary>
    public DateTime LocalNow() =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(TimeProvider.GetUtcNow(), TimeZone).DateTime, DateTimeKind.Unspecified);
}
