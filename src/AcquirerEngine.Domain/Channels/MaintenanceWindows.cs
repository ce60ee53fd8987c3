namespace AcquirerEngine.Domain.Channels;

/// <summary>Builds the concrete windows of a recurring announcement, so schedules only ever see plain windows.</summary>
public static class MaintenanceWindows
{
    /// <summary>
    /// One window per <paramref name="day"/> between <paramref name="from"/> and <paramref name="through"/>
    /// (inclusive), e.g. every Sunday 02:00 for two hours. Ids are "{idPrefix}-yyyyMMdd".
    /// </summary>
    public static IReadOnlyList<MaintenanceWindow> Weekly(
        string idPrefix,
        ChannelKind channel,
        DayOfWeek day,
        TimeOnly start,
        TimeSpan duration,
        DateOnly from,
        DateOnly through,
        string reason)
    {
        Invariant.Require(duration > TimeSpan.Zero, "a maintenance window must last some time");
        var windows = new List<MaintenanceWindow>();
        for (var date = from; date <= through; date = date.AddDays(1))
        {
            if (date.DayOfWeek != day)
            {
                continue;
            }

            var begins = date.ToDateTime(start);
            windows.Add(new MaintenanceWindow
            {
                Id = $"{idPrefix}-{date:yyyyMMdd}",
                Channel = channel,
                Start = begins,
                End = begins + duration,
                Reason = reason,
                Kind = MaintenanceKind.Scheduled,
            });
        }

        return windows;
    }
}
