using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// Scenarios 2, 3 and 4 of SETTLEMENT-RULES.md and the operator's holiday calendar, through the real server
/// process over gRPC on the simulated clock: value dates across holidays, make-up days and D+1 rails.
/// </summary>
public sealed class HolidayScenariosEndToEndTests
{
    private const string TerminalId = "T0000001";

    [Fact]
    public async Task Scenario2_SaleTue20250930_2330_T1_ClearsOn1001_IsPaidThu20251009()
    {
        await using var engine = await SimulatedEngine.StartAsync("2025-09-30T20:00:00");
        var merchantId = "898340149000202";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2025-09-30T23:30:00");
        var sale = await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 250_000, "2025-09-30T23:30:00"));
        Assert.Equal(SaleResult.Approved, sale.Result);

        var pending = await engine.ExplainAsync(merchantId, batchNo, 1, "2025-09-30");
        await engine.AdvanceToAsync("2025-10-08T23:00:00");
        var beforeHolidayEnds = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        var stillPending = await engine.ExplainAsync(merchantId, batchNo, 1, "2025-09-30");
        await engine.AdvanceToAsync("2025-10-09T12:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2025-09-30");
        var payouts = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        var balance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });

        // 23:30 is after the 23:00 cut-off: clearing date 10-01, a holiday; the holiday runs to 10-08, so T+1 is 10-09.
        Assert.Equal(MoneyState.PendingClearing, pending.State);
        Assert.Equal("2025-10-01", pending.ClearingDate);
        Assert.Equal("2025-10-09", pending.ExpectedArrivalDate);
        Assert.False(pending.Provisional);
        Assert.Contains("2025-10-09", pending.Reason, StringComparison.Ordinal);
        Assert.Empty(beforeHolidayEnds.Payouts);
        Assert.Equal(MoneyState.PendingClearing, stillPending.State);
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal("2025-10-01", paid.ClearingDate);
        Assert.Equal("2025-10-09", paid.ExpectedArrivalDate);
        Assert.False(string.IsNullOrEmpty(paid.PayoutTraceId));
        var payout = Assert.Single(payouts.Payouts);
        Assert.Equal(("2025-10-09", MoneyState.Paid, 250_000L - 1_500), (payout.ValueDate, payout.State, payout.AmountMinor));
        Assert.Equal(paid.PayoutTraceId, payout.TraceId);
        Assert.Equal((250_000L - 1_500, 1_500L, 0L), (balance.PaidMinor, balance.FeesMinor, balance.PendingMinor));
    }

    [Fact]
    public async Task Scenario3_SpringFestival2026_SaleFri0213IsPaidOnMakeUpSat0214_SaleOn0216IsPaid0224()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-02-13T09:00:00");
        var merchantId = "898340149000203";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-02-13T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 30_000, "2026-02-13T10:00:00"))).Result);
        var fridayPending = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-02-13");

        await engine.AdvanceToAsync("2026-02-14T12:00:00");
        var fridayPaid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-02-13");
        var afterMakeUpDay = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });

        await engine.AdvanceToAsync("2026-02-16T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 2, 40_000, "2026-02-16T10:00:00"))).Result);
        var holidayPending = await engine.ExplainAsync(merchantId, batchNo, 2, "2026-02-16");
        await engine.AdvanceToAsync("2026-02-23T23:59:00");
        var lastHolidayDay = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        await engine.AdvanceToAsync("2026-02-24T12:00:00");
        var holidayPaid = await engine.ExplainAsync(merchantId, batchNo, 2, "2026-02-16");
        var payouts = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });

        Assert.Equal(("2026-02-13", "2026-02-14"), (fridayPending.ClearingDate, fridayPending.ExpectedArrivalDate));
        Assert.Equal((MoneyState.Paid, "2026-02-14"), (fridayPaid.State, fridayPaid.ExpectedArrivalDate));
        var makeUpDayPayout = Assert.Single(afterMakeUpDay.Payouts);
        Assert.Equal(("2026-02-14", MoneyState.Paid, 30_000L - 180), (makeUpDayPayout.ValueDate, makeUpDayPayout.State, makeUpDayPayout.AmountMinor));

        Assert.Equal((MoneyState.PendingClearing, "2026-02-16", "2026-02-24"), (holidayPending.State, holidayPending.ClearingDate, holidayPending.ExpectedArrivalDate));
        Assert.Single(lastHolidayDay.Payouts);
        Assert.Equal((MoneyState.Paid, "2026-02-24"), (holidayPaid.State, holidayPaid.ExpectedArrivalDate));
        Assert.Equal(2, payouts.Payouts.Count);
        var afterHoliday = payouts.Payouts.Single(p => p.PayoutId != makeUpDayPayout.PayoutId);
        Assert.Equal(("2026-02-24", MoneyState.Paid, 40_000L - 240), (afterHoliday.ValueDate, afterHoliday.State, afterHoliday.AmountMinor));
        Assert.Equal(holidayPaid.PayoutId, afterHoliday.PayoutId);
    }

    [Fact]
    public async Task Scenario4_D1SaleOnHoliday20261002_IsPaid1003_ByBepsOrIbps_NotHvps()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-10-02T09:00:00");
        var merchantId = "898340149000204";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(EngineClients.Onboarding(merchantId, SettlementCycle.D1), TerminalId);
        await engine.AdvanceToAsync("2026-10-02T15:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 120_000, "2026-10-02T15:00:00"))).Result);
        var pending = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-10-02");

        await engine.AdvanceToAsync("2026-10-03T12:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-10-02");
        var payouts = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        var payout = Assert.Single(payouts.Payouts);
        var explainedPayout = await engine.Clients.Operator.ExplainPayoutAsync(new ExplainPayoutRequest { MerchantId = merchantId, PayoutId = payout.PayoutId });

        Assert.Equal((MoneyState.PendingClearing, "2026-10-02", "2026-10-03"), (pending.State, pending.ClearingDate, pending.ExpectedArrivalDate));
        Assert.Equal((MoneyState.Paid, "2026-10-03"), (paid.State, paid.ExpectedArrivalDate));
        Assert.Equal(("2026-10-03", MoneyState.Paid, 120_000L - 720), (payout.ValueDate, payout.State, payout.AmountMinor));
        Assert.Contains(payout.Channel, new[] { Channel.Beps, Channel.Ibps });
        Assert.Equal(payout.Channel, explainedPayout.Channel);
        Assert.Equal(payout.Channel, paid.Channel);
        Assert.NotEqual(Channel.Hvps, explainedPayout.Channel);
        Assert.Equal((MoneyState.Paid, "2026-10-03"), (explainedPayout.State, explainedPayout.ExpectedArrivalDate));
        Assert.Equal(payout.TraceId, explainedPayout.PayoutTraceId);
        Assert.False(string.IsNullOrEmpty(explainedPayout.PayoutTraceId));
    }

    [Fact]
    public async Task Calendar2027_LoadedByAnOperator_IsVersioned_Validated_AndDrivesValueDates()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-12-30T09:00:00");
        var calendars = engine.Clients.Operator;

        var notLoaded = await Assert.ThrowsAsync<RpcException>(() => calendars.GetCalendarAsync(new GetCalendarRequest { Year = 2027 }));
        var first = await calendars.LoadHolidayCalendarAsync(Calendar2027("State Council notice 2027 (draft)"));
        var loaded = await calendars.GetCalendarAsync(new GetCalendarRequest { Year = 2027 });
        var second = await calendars.LoadHolidayCalendarAsync(Calendar2027("State Council notice 2027"));
        var reloaded = await calendars.GetCalendarAsync(new GetCalendarRequest { Year = 2027 });
        var badRequest = Calendar2027("typo");
        badRequest.MakeUpWorkingDays.Add("2027-02-30");
        var badDate = await Assert.ThrowsAsync<RpcException>(() => calendars.LoadHolidayCalendarAsync(badRequest));
        var afterBad = await calendars.GetCalendarAsync(new GetCalendarRequest { Year = 2027 });
        var unloadedYear = await Assert.ThrowsAsync<RpcException>(() => calendars.GetCalendarAsync(new GetCalendarRequest { Year = 2031 }));

        Assert.Equal(StatusCode.NotFound, notLoaded.StatusCode);
        Assert.Equal(1u, first.Version);
        Assert.Equal((2027u, 1u, "State Council notice 2027 (draft)"), (loaded.Year, loaded.Version, loaded.Source));
        Assert.Equal(new[] { "2027-01-01", "2027-02-08", "2027-02-09" }, loaded.Holidays.Take(3));
        Assert.Equal(new[] { "2027-02-20" }, loaded.MakeUpWorkingDays);
        Assert.Equal(2u, second.Version);
        Assert.Equal((2u, "State Council notice 2027"), (reloaded.Version, reloaded.Source));
        Assert.Equal(StatusCode.InvalidArgument, badDate.StatusCode);
        Assert.Contains("make_up_working_days", badDate.Detail, StringComparison.Ordinal);
        Assert.Equal(2u, afterBad.Version);
        Assert.Equal(StatusCode.NotFound, unloadedYear.StatusCode);

        // The loaded year is what the engine settles by: T+1 from Thu 2026-12-31 skips the 2027-01-01 holiday
        // and the weekend, so the money arrives on Mon 2027-01-04.
        var merchantId = "898340149000227";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-12-31T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 50_000, "2026-12-31T10:00:00"))).Result);
        var pending = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-12-31");
        await engine.AdvanceToAsync("2027-01-03T23:00:00");
        var overTheHoliday = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        await engine.AdvanceToAsync("2027-01-04T12:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-12-31");

        Assert.Equal((MoneyState.PendingClearing, "2027-01-04", false), (pending.State, pending.ExpectedArrivalDate, pending.Provisional));
        Assert.Empty(overTheHoliday.Payouts);
        Assert.Equal((MoneyState.Paid, "2027-01-04"), (paid.State, paid.ExpectedArrivalDate));
    }

    /// <summary>
    /// R2/R3: a value date computed while the next year's calendar was not loaded is provisional; once the operator
    /// loads the year, T+1 must follow it: the explanation names the recomputed date at once, and the next settlement
    /// run journals the revision (ValueDateRevised) before it settles, so nothing is paid on the 2027-01-01 holiday.
    /// </summary>
    [Fact]
    public async Task Calendar2027_LoadedAfterTheSale_MovesTheProvisionalT1ValueDateOffTheNewHoliday()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-12-30T09:00:00");
        var merchantId = "898340149000228";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-12-31T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 50_000, "2026-12-31T10:00:00"))).Result);
        var provisional = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-12-31");
        await engine.Clients.Operator.LoadHolidayCalendarAsync(Calendar2027("State Council notice 2027"));
        var resolved = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-12-31");
        await engine.AdvanceToAsync("2027-01-03T23:00:00");
        var overTheHoliday = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        await engine.AdvanceToAsync("2027-01-04T12:00:00");
        var payout = Assert.Single((await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts);

        Assert.Equal((MoneyState.PendingClearing, "2027-01-01", true), (provisional.State, provisional.ExpectedArrivalDate, provisional.Provisional));
        Assert.Equal((MoneyState.PendingClearing, "2027-01-04", false), (resolved.State, resolved.ExpectedArrivalDate, resolved.Provisional));
        Assert.Empty(overTheHoliday.Payouts);
        Assert.Equal(("2027-01-04", MoneyState.Paid), (payout.ValueDate, payout.State));
    }

    private static LoadHolidayCalendarRequest Calendar2027(string source)
    {
        var request = new LoadHolidayCalendarRequest { Year = 2027, Source = source };
        request.Holidays.AddRange(["2027-01-01", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]);
        request.MakeUpWorkingDays.Add("2027-02-20");
        return request;
    }

    private static SaleRequest Sale(string merchantId, uint batchNo, uint stan, long amountMinor, string localTime) =>
        SaleRequests.For(merchantId, batchNo, stan, amountMinor, localTime);
}
