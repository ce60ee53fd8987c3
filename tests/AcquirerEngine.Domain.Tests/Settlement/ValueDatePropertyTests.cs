using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Settlement;
using Xunit.Abstractions;

namespace AcquirerEngine.Domain.Tests.Settlement;

/// <summary>Seeded random dates checked against R3 invariants. A failure names its seed: rerun it.</summary>
public sealed class ValueDatePropertyTests(ITestOutputHelper output)
{
    private const int Samples = 2_000;
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;

    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(20_260_930)]
    public void RandomClearingDates_KeepValueDateInvariants(int seed)
    {
        var random = new Random(seed);
        var start = new DateOnly(2025, 1, 1);
        DateOnly clearing = default;
        try
        {
            for (var i = 0; i < Samples; i++)
            {
                // 2025-01-01 .. 2026-12-31, plus a few days into unloaded 2027 now and then.
                clearing = start.AddDays(random.Next(0, 735));
                var t1 = ValueDates.For(clearing, SettlementCycle.T1, China);
                var t0 = ValueDates.For(clearing, SettlementCycle.T0, China);
                var t2 = ValueDates.For(clearing, SettlementCycle.T2, China);
                var d1 = ValueDates.For(clearing, SettlementCycle.D1, China);

                Require(t1.Date > clearing, "T+1 must be after the clearing date");
                Require(China.Resolve(t1.Date).IsWorking, "T+1 must be a working day");
                Require(t1.Provisional == (t1.Date.Year > 2026), "provisional exactly when an unloaded year is used");
                for (var day = clearing.AddDays(1); day < t1.Date; day = day.AddDays(1))
                {
                    Require(!China.Resolve(day).IsWorking, $"{day} is a working day before T+1 {t1.Date}");
                }

                Require(t0.Date >= clearing && t0.Date <= t1.Date, "T+0 lies between the clearing date and T+1");
                Require((t0.Date == clearing) == China.Resolve(clearing).IsWorking, "T+0 is the clearing date iff it is working");
                Require(t2.Date > t1.Date && China.Resolve(t2.Date).IsWorking, "T+2 is a later working day");
                Require(t2.Date == China.NextWorkingDayAfter(t1.Date).Date, "T+2 is the working day after T+1");
                Require(d1.Date == clearing.AddDays(1) && !d1.Provisional, "D+1 is exactly one calendar day later");
            }
        }
        catch (InvalidOperationException)
        {
            output.WriteLine($"seed {seed} failed at clearing date {clearing:yyyy-MM-dd}");
            throw;
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(2_026)]
    public void RandomSaleTimes_ClearOnTheirDateOrTheNext(int seed)
    {
        var random = new Random(seed);
        var policy = CutOffPolicy.Default;
        for (var i = 0; i < Samples; i++)
        {
            var local = new DateTime(2026, 1, 1).AddSeconds(random.NextInt64(0, 365L * 24 * 3600));
            var clearing = policy.ClearingDate(local);
            var expected = local.TimeOfDay < new TimeSpan(23, 0, 0) ? DateOnly.FromDateTime(local) : DateOnly.FromDateTime(local).AddDays(1);
            Assert.True(expected == clearing, $"seed {seed}: {local:O} cleared on {clearing}, expected {expected}");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
