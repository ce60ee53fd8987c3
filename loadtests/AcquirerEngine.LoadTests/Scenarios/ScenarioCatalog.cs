using System.Globalization;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.LoadTests.Books;
using AcquirerEngine.LoadTests.Load;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>The built-in scenarios, by name.</summary>
public static class ScenarioCatalog
{
    private static readonly Channel[] InterbankRails = [Channel.Hvps, Channel.Beps, Channel.Ibps];

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new Scenario(
            "normal-day",
            "An ordinary Tuesday: steady sales at the base rate with a share of duplicate retries, voids and reversals.",
            "2026-11-17T10:00:00",
            MerchantTerms.Standard,
            s => s.TradingMix(),
            s => Stages(s, s.Rate, measured => [new OpenRate(s.Rate, measured)])),

        new Scenario(
            "spring-festival-eve",
            "Spring Festival eve: the rate ramps from normal to 10x over the first half, then holds the peak.",
            "2026-02-16T18:00:00",
            MerchantTerms.Standard,
            s => s.TradingMix(),
            s => Stages(s, s.Rate, measured => [new Ramp(s.Rate, 10 * s.Rate, measured / 2), new OpenRate(10 * s.Rate, measured / 2)])),

        new Scenario(
            "maintenance-mid-peak",
            "An evening peak (5x); halfway through, the banks open a maintenance window on every interbank rail until 04:00. "
                + "Trading must not notice; the night's payouts queue and are all paid when the window closes.",
            "2026-11-17T20:00:00",
            MerchantTerms.Standard,
            s => s.TradingMix(),
            s => Stages(s, s.Rate, measured => [new Ramp(s.Rate, 5 * s.Rate, measured / 3), new OpenRate(5 * s.Rate, measured * 2 / 3)]))
        {
            NeedsSimulatedClock = true,
            Events = s => [new ScenarioEvent(s.Duration / 2, "maintenance window opens on HVPS, BEPS, IBPS", OpenMaintenanceAsync)],
            AfterLoad = (floor, _, token) => DrainAfterMaintenanceAsync(floor, token),
        },

        new Scenario(
            "new-merchant-flood",
            "A flood of newly onboarded merchants: a third of iterations onboard a merchant, sign on its terminal and take its first sale "
                + "(first sales above 10,000 CNY are held for review).",
            "2026-11-16T09:00:00",
            new MerchantTerms(SettlementCycle.T1, 1_000_000),
            s => s.TradingMix(newMerchantShare: 1.0 / 3),
            s => Stages(s, s.Rate, measured => [new OpenRate(s.Rate, measured)])),

        new Scenario(
            "cutoff-2300",
            "Trading through the 23:00 cut-off: halfway through the clock passes 23:00 and sales clear on the next day.",
            "2026-11-17T22:59:00",
            MerchantTerms.Standard,
            s => s.TradingMix(),
            s => Stages(s, s.Rate, measured => [new OpenRate(s.Rate, measured)]))
        {
            NeedsSimulatedClock = true,
            Events = s => [new ScenarioEvent(s.Duration / 2, "clock passes the 23:00 cut-off", (floor, _) => floor.Clock.AdvanceToAsync(EngineClock.Parse("2026-11-17T23:00:30")))],
        },

        new Scenario(
            "golden-week",
            "National Day golden week: every interbank rail closed Oct 1 to Oct 8 09:00; D+1 merchants trade each simulated day, "
                + "the payouts queue, and at reopening the backlog drains. Reports the drain time; every payout must be PAID exactly once.",
            "2026-09-30T20:00:00",
            new MerchantTerms(SettlementCycle.D1, 100_000_000),
            s => s.TradingMix(),
            s => Stages(s, s.Rate, measured => [new OpenRate(s.Rate, measured)]))
        {
            NeedsSimulatedClock = true,
            BeforeLoad = (floor, _, token) => CloseRailsForGoldenWeekAsync(floor, token),
            Events = s => [.. Enumerable.Range(0, Math.Clamp(s.Days, 1, 7)).Select(day => new ScenarioEvent(
                s.Duration * day / Math.Clamp(s.Days, 1, 7),
                $"golden week day {day + 1}",
                (floor, _) => floor.Clock.AdvanceToAsync(new DateTime(2026, 10, day + 1, 10, 0, 0))))],
            AfterLoad = async (floor, _, token) => await BacklogDrain.RunAsync(floor, GoldenWeekReopening, TimeSpan.FromHours(6), token).ConfigureAwait(false),
        },
    ];

    private static DateTime GoldenWeekReopening => new(2026, 10, 8, 9, 0, 0);

    public static Scenario? Find(string name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A warm-up at the base rate (or the closed model's workers), then the measured stages.</summary>
    private static IReadOnlyList<LoadStage> Stages(ScenarioSettings settings, double warmupRate, Func<TimeSpan, IReadOnlyList<LoadStage>> measured)
    {
        var stages = new List<LoadStage>();
        if (settings.Concurrency is { } workers)
        {
            if (settings.Warmup > TimeSpan.Zero)
            {
                stages.Add(new Closed(workers, settings.Warmup, Warmup: true));
            }

            stages.Add(new Closed(workers, settings.Duration));
            return stages;
        }

        if (settings.Warmup > TimeSpan.Zero)
        {
            stages.Add(new OpenRate(warmupRate, settings.Warmup, Warmup: true));
        }

        stages.AddRange(measured(settings.Duration));
        return stages;
    }

    private static async Task OpenMaintenanceAsync(TradingFloor floor, CancellationToken cancellationToken)
    {
        var now = floor.Clock.LocalNow;
        var end = now.Date.AddDays(1).AddHours(4);
        foreach (var channel in InterbankRails)
        {
            await floor.Target.Operator.ScheduleMaintenanceAsync(new ScheduleMaintenanceRequest
            {
                Channel = channel,
                Start = now.ToString(EngineClock.Format, CultureInfo.InvariantCulture),
                End = end.ToString(EngineClock.Format, CultureInfo.InvariantCulture),
                Reason = "load test: bank maintenance during the peak",
                Scheduled = false,
            }, new AcquirerEngine.Grpc.CallOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        }
    }

    private static async Task<PayoutCheckResult?> DrainAfterMaintenanceAsync(TradingFloor floor, CancellationToken cancellationToken) =>
        await BacklogDrain.RunAsync(floor, floor.Clock.LocalNow.Date.AddDays(1).AddHours(4), TimeSpan.FromHours(6), cancellationToken).ConfigureAwait(false);

    private static async Task CloseRailsForGoldenWeekAsync(TradingFloor floor, CancellationToken cancellationToken)
    {
        foreach (var channel in InterbankRails)
        {
            await floor.Target.Operator.ScheduleMaintenanceAsync(new ScheduleMaintenanceRequest
            {
                Channel = channel,
                Start = "2026-10-01T00:00:00",
                End = GoldenWeekReopening.ToString(EngineClock.Format, CultureInfo.InvariantCulture),
                Reason = "load test: golden week, rails closed",
                Scheduled = true,
            }, new AcquirerEngine.Grpc.CallOptions { CancellationToken = cancellationToken }).ConfigureAwait(false);
        }
    }
}
