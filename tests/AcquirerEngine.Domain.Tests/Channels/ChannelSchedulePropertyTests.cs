using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using Xunit.Abstractions;

namespace AcquirerEngine.Domain.Tests.Channels;

/// <summary>
/// Seeded random instants: NextOpening really is open, and a coarse scan finds nothing open before it.
/// A failure names its seed and instant: rerun that seed.
/// </summary>
public sealed class ChannelSchedulePropertyTests(ITestOutputHelper output)
{
    private const int Samples = 300;
    private static readonly TimeSpan ScanStep = TimeSpan.FromMinutes(5);
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;

    [Theory]
    [InlineData(1)]
    [InlineData(99)]
    [InlineData(20_261_122)]
    public void NextOpening_IsOpen_AndNothingEarlierIsOpen(int seed)
    {
        var random = new Random(seed);
        var start = new DateTime(2025, 1, 1);
        var windows = new List<MaintenanceWindow>();
        foreach (var kind in new[] { ChannelKind.Hvps, ChannelKind.Ibps })
        {
            windows.AddRange(MaintenanceWindows.Weekly($"{kind}", kind, DayOfWeek.Sunday, new TimeOnly(2, 0), TimeSpan.FromHours(2),
                new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31), "weekly"));
            // Random outages, some straddling HVPS openings and closings.
            for (var i = 0; i < 40; i++)
            {
                var begins = start.AddMinutes(random.Next(0, 2 * 365 * 24 * 60));
                windows.Add(new MaintenanceWindow
                {
                    Id = $"{kind}-outage-{i}", Channel = kind, Start = begins, End = begins.AddMinutes(random.Next(1, 3 * 24 * 60)),
                    Reason = "outage", Kind = MaintenanceKind.Unscheduled,
                });
            }
        }

        var configs = new[] { ChannelDefaults.Hvps, ChannelDefaults.Ibps };
        var checkedClosed = 0;
        for (var i = 0; i < Samples; i++)
        {
            var config = configs[i % configs.Length];
            var at = start.AddSeconds(random.NextInt64(0, 2L * 365 * 24 * 3600));
            var status = ChannelSchedule.StateAt(config, windows, China, at);
            var context = $"seed {seed}, sample {i}: {config.Kind} at {at:O} -> {status.State}, next {status.NextOpening:O}";
            try
            {
                Assert.Equal(status.IsOpen, ChannelSchedule.IsOpenAt(config, windows, China, at));
                Assert.NotNull(status.NextOpening);
                var next = status.NextOpening!.Value;
                Assert.True(next >= at);
                Assert.Equal(status.IsOpen, next == at);
                Assert.True(ChannelSchedule.IsOpenAt(config, windows, China, next));
                if (next > at)
                {
                    checkedClosed++;
                    Assert.False(ChannelSchedule.IsOpenAt(config, windows, China, next.AddTicks(-1)));
                    for (var probe = at; probe < next; probe += ScanStep)
                    {
                        Assert.False(ChannelSchedule.IsOpenAt(config, windows, China, probe), $"open at {probe:O}");
                    }
                }
            }
            catch
            {
                output.WriteLine(context);
                throw;
            }
        }

        // Guard against a generator that never lands on a closed rail.
        Assert.True(checkedClosed > 20, $"only {checkedClosed} closed samples: weak test");
    }
}
