using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Tests.Channels;

public sealed class BankChannelGrainTests
{
    private static readonly GrainId HvpsId = new(BankChannelGrain.GrainTypeName, "Hvps");

    private static readonly GrainId IbpsId = new(BankChannelGrain.GrainTypeName, "Ibps");

    private static RailTestSettings WithIbps(Func<ChannelConfig, ChannelConfig> change, RailTestSettings? settings = null) =>
        (settings ?? new RailTestSettings()) with
        {
            Channels = [.. ChannelDefaults.All.Select(c => c.Kind == ChannelKind.Ibps ? change(c) : c)],
        };

    private static MaintenanceWindow Window(string id, ChannelKind channel, DateTime start, DateTime end) =>
        new() { Id = id, Channel = channel, Start = start, End = end, Reason = "core banking upgrade" };

    [Fact]
    public async Task Scenario6_BankMaintenance0200To0400_PayoutsQueueDrainAfter0400InOrder_AlertWhenOlderThanSla_NoPayoutSentTwice()
    {
        // Lost requests and lost replies on top of the window: retries must still never pay twice.
        var settings = new RailTestSettings { Bank = new SimulatedBankOptions { TimeoutRate = 0.1, TimeoutAfterCreditRate = 0.3 } };
        await using var host = await RailTestHost.StartAsync(new DateTime(2026, 11, 22, 1, 50, 0), settings);
        var ibps = host.Rail(ChannelKind.Ibps);
        var day = new DateTime(2026, 11, 22);
        Assert.Equal(
            MaintenanceOutcome.Scheduled,
            await ibps.ScheduleMaintenanceAsync(Window("upgrade-1122", ChannelKind.Ibps, day.AddHours(2), day.AddHours(4))));

        // Before the window the rail is open and sends at once.
        Assert.Equal(EnqueueOutcome.Queued, (await ibps.EnqueueAsync(RailTestHost.Payout("P-early", ChannelKind.Ibps))).Outcome);
        await host.AdvanceToLocalAsync(day.AddHours(1).AddMinutes(55));
        Assert.Single(await host.Bank.GetAllCreditsAsync());

        // In the window payouts queue in order, and the answer says when the rail reopens.
        await host.AdvanceToLocalAsync(day.AddHours(2).AddMinutes(5));
        var ids = Enumerable.Range(1, 12).Select(i => $"P{i:D2}").ToList();
        foreach (var id in ids)
        {
            var result = await ibps.EnqueueAsync(RailTestHost.Payout(id, ChannelKind.Ibps));
            Assert.Equal(EnqueueOutcome.Queued, result.Outcome);
            Assert.Equal(ChannelState.InMaintenance, result.ChannelState);
            Assert.Contains("04:00", result.Reason, StringComparison.Ordinal);
            Assert.Equal(day.AddHours(4), result.NextOpeningLocal);
            await host.AdvanceAsync(TimeSpan.FromSeconds(10));
        }

        // IBPS queue SLA is 15 minutes: the oldest (02:05) breaches it at 02:20, once.
        await host.AdvanceToLocalAsync(day.AddHours(2).AddMinutes(19).AddSeconds(59));
        Assert.Empty(await host.Alerts.ListAsync());
        await host.AdvanceToLocalAsync(day.AddHours(2).AddMinutes(20));
        var alert = Assert.Single(await host.Alerts.ListAsync());
        Assert.Equal(AlertKinds.PayoutQueueSla, alert.Kind);
        Assert.Contains("P01", alert.Message, StringComparison.Ordinal);
        Assert.Equal(day.AddHours(2).AddMinutes(20), alert.RaisedAtLocal);

        await host.AdvanceToLocalAsync(day.AddHours(3).AddMinutes(59).AddSeconds(59));
        Assert.Single(await host.Bank.GetAllCreditsAsync());
        Assert.Equal(12, (await ibps.GetStatusAsync()).QueueDepth);

        await host.AdvanceToLocalAsync(day.AddHours(4).AddSeconds(30));
        var credits = await host.Bank.GetAllCreditsAsync();
        Assert.Equal(["P-early", .. ids], credits.Select(c => c.PayoutId));
        Assert.All(credits.Skip(1), c => Assert.True(host.Local.ToLocal(c.CreditedAtUtc) >= day.AddHours(4)));
        Assert.Equal(13, host.Sink.With(PayoutOutcome.Credited).Select(n => n.PayoutId).Distinct().Count());
        Assert.Equal(13, host.Sink.With(PayoutOutcome.Credited).Count);
        Assert.Single(await host.Alerts.ListAsync());
        var status = await ibps.GetStatusAsync();
        Assert.Equal(0, status.QueueDepth);
        Assert.False(status.SlaAlertActive);
        Assert.Null(await host.Reminders.ReadAsync(IbpsId, BankChannelGrain.WakeReminderName, CancellationToken.None));
    }

    [Fact]
    public async Task Hvps_ClosedAt1720OnAWorkingDay_QueuedWithReasonNaming2030_SentAt2030()
    {
        var wednesday = new DateTime(2026, 11, 25);
        await using var host = await RailTestHost.StartAsync(wednesday.AddHours(17).AddMinutes(20));
        var hvps = host.Rail(ChannelKind.Hvps);

        var result = await hvps.EnqueueAsync(RailTestHost.Payout("P-80k", ChannelKind.Hvps, 8_000_000));

        Assert.Equal(EnqueueOutcome.Queued, result.Outcome);
        Assert.Equal(1, result.Position);
        Assert.Equal(ChannelState.ClosedByHours, result.ChannelState);
        Assert.Contains("20:30", result.Reason, StringComparison.Ordinal);
        Assert.Equal(wednesday.AddHours(20).AddMinutes(30), result.NextOpeningLocal);

        await host.AdvanceToLocalAsync(wednesday.AddHours(20).AddMinutes(29).AddSeconds(59));
        Assert.Empty(await host.Bank.GetAllCreditsAsync());

        await host.AdvanceToLocalAsync(wednesday.AddHours(20).AddMinutes(30));
        var credit = Assert.Single(await host.Bank.GetAllCreditsAsync());
        Assert.Equal(wednesday.AddHours(20).AddMinutes(30), host.Local.ToLocal(credit.CreditedAtUtc));
        Assert.Equal(8_000_000, credit.AmountMinor);
        Assert.Equal(ChannelKind.Hvps, credit.Channel);
    }

    [Fact]
    public async Task Hvps_NationalDayHoliday_OneWakeUpAtTheNextOpening_QueueReleasedInOrder()
    {
        var start = new DateTime(2026, 10, 1, 10, 0, 0);
        var opening = new DateTime(2026, 10, 7, 20, 30, 0);
        await using var host = await RailTestHost.StartAsync(start);
        var hvps = host.Rail(ChannelKind.Hvps);

        foreach (var id in new[] { "H1", "H2", "H3" })
        {
            var result = await hvps.EnqueueAsync(RailTestHost.Payout(id, ChannelKind.Hvps));
            Assert.Equal(ChannelState.ClosedForHoliday, result.ChannelState);
            Assert.Contains("2026-10-07 20:30", result.Reason, StringComparison.Ordinal);
            Assert.Equal(opening, result.NextOpeningLocal);
        }

        // After the SLA alert (10:30) the only wake-up left is the opening: the week is not stepped through.
        await host.AdvanceToLocalAsync(start.AddMinutes(31));
        Assert.Single(await host.Alerts.ListAsync());
        var wake = await host.Reminders.ReadAsync(HvpsId, BankChannelGrain.WakeReminderName, CancellationToken.None);
        Assert.Equal(host.Local.ToUtc(opening), wake!.NextDue);

        await host.AdvanceToLocalAsync(opening.AddSeconds(-1));
        Assert.Empty(await host.Bank.GetAllCreditsAsync());
        await host.AdvanceToLocalAsync(opening.AddSeconds(5));
        var credits = await host.Bank.GetAllCreditsAsync();
        Assert.Equal(["H1", "H2", "H3"], credits.Select(c => c.PayoutId));
        Assert.All(credits, c => Assert.Equal(opening, host.Local.ToLocal(c.CreditedAtUtc)));
    }

    [Fact]
    public async Task DrainRate_100QueuedAt10PerSecond_TenSentEachSimulatedSecond()
    {
        var settings = WithIbps(c => c with { PayoutsPerSecond = 10, QueueSla = TimeSpan.FromHours(1) });
        var start = new DateTime(2026, 11, 23, 10, 0, 0);
        await using var host = await RailTestHost.StartAsync(start, settings);
        var ibps = host.Rail(ChannelKind.Ibps);
        for (var i = 0; i < 100; i++)
        {
            await ibps.EnqueueAsync(RailTestHost.Payout($"R{i:D3}", ChannelKind.Ibps));
        }

        await host.AdvanceAsync(TimeSpan.Zero);
        Assert.Equal(10, (await host.Bank.GetAllCreditsAsync()).Count);
        for (var second = 1; second <= 10; second++)
        {
            await host.AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(Math.Min(100, 10 * (second + 1)), (await host.Bank.GetAllCreditsAsync()).Count);
        }

        var credits = await host.Bank.GetAllCreditsAsync();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"R{i:D3}"), credits.Select(c => c.PayoutId));
        var perSecond = credits.GroupBy(c => host.Local.ToLocal(c.CreditedAtUtc)).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(s => start.AddSeconds(s)), perSecond.Select(g => g.Key));
        Assert.All(perSecond, g => Assert.Equal(10, g.Count()));
        Assert.Null(await host.Reminders.ReadAsync(IbpsId, BankChannelGrain.WakeReminderName, CancellationToken.None));
    }

    [Fact]
    public async Task Beps_DrainsOnBatchBoundaries()
    {
        var start = new DateTime(2026, 11, 23, 10, 2, 0);
        await using var host = await RailTestHost.StartAsync(start);
        var beps = host.Rail(ChannelKind.Beps);
        await beps.EnqueueAsync(RailTestHost.Payout("B1", ChannelKind.Beps));

        await host.AdvanceToLocalAsync(start.AddMinutes(2).AddSeconds(59));
        Assert.Empty(await host.Bank.GetAllCreditsAsync());
        await host.AdvanceToLocalAsync(start.AddMinutes(3));
        var credit = Assert.Single(await host.Bank.GetAllCreditsAsync());
        Assert.Equal(new DateTime(2026, 11, 23, 10, 5, 0), host.Local.ToLocal(credit.CreditedAtUtc));
    }

    [Fact]
    public async Task ExactlyOnce_EveryReplyLostAfterCrediting_EachPayoutCreditedOnce_SinkToldCreditedOnce()
    {
        var settings = new RailTestSettings { Bank = new SimulatedBankOptions { TimeoutAfterCreditRate = 1.0, TimeoutRate = 0.25 } };
        await using var host = await RailTestHost.StartAsync(new DateTime(2026, 11, 23, 10, 0, 0), settings);
        var ibps = host.Rail(ChannelKind.Ibps);
        var ids = Enumerable.Range(1, 20).Select(i => $"X{i:D2}").ToList();
        foreach (var id in ids)
        {
            await ibps.EnqueueAsync(RailTestHost.Payout(id, ChannelKind.Ibps));
        }

        await host.AdvanceAsync(TimeSpan.FromMinutes(5));

        var credits = await host.Bank.GetAllCreditsAsync();
        Assert.Equal(ids, credits.Select(c => c.PayoutId));
        Assert.Equal(ids, host.Sink.With(PayoutOutcome.Credited).Select(n => n.PayoutId));
        Assert.Equal(ids, host.Sink.With(PayoutOutcome.Sent).Select(n => n.PayoutId));
        Assert.Empty(host.Sink.With(PayoutOutcome.Returned));
        foreach (var id in ids)
        {
            var forPayout = host.Sink.Notices.Where(n => n.PayoutId == id).Select(n => n.Outcome).ToList();
            Assert.Equal([PayoutOutcome.Sent, PayoutOutcome.Credited], forPayout);
        }

        Assert.Equal(credits.Select(c => c.TraceId), host.Sink.With(PayoutOutcome.Credited).Select(n => n.TraceId));
        Assert.Equal(0, (await ibps.GetStatusAsync()).QueueDepth);
    }

    [Fact]
    public async Task Enqueue_IsIdempotentByPayoutId_AndRefusesWrongRailOrAmount()
    {
        var wednesday = new DateTime(2026, 11, 25);
        await using var host = await RailTestHost.StartAsync(wednesday.AddHours(17).AddMinutes(20));
        var hvps = host.Rail(ChannelKind.Hvps);
        await hvps.EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Hvps));
        await hvps.EnqueueAsync(RailTestHost.Payout("P2", ChannelKind.Hvps));
        var writes = host.Storage.WriteCount;

        var again = await hvps.EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Hvps));

        Assert.Equal(EnqueueOutcome.AlreadyQueued, again.Outcome);
        Assert.Equal(1, again.Position);
        Assert.Equal(writes, host.Storage.WriteCount);
        Assert.Equal(["P1", "P2"], await hvps.ListQueueAsync(10));
        Assert.Equal(EnqueueOutcome.WrongChannel, (await hvps.EnqueueAsync(RailTestHost.Payout("P3", ChannelKind.Beps))).Outcome);
        Assert.Equal(EnqueueOutcome.InvalidAmount, (await hvps.EnqueueAsync(RailTestHost.Payout("P4", ChannelKind.Hvps, 0))).Outcome);
        Assert.Equal(
            EnqueueOutcome.InvalidAmount,
            (await host.Rail(ChannelKind.Ibps).EnqueueAsync(RailTestHost.Payout("P5", ChannelKind.Ibps, 5_000_001))).Outcome);

        await host.AdvanceToLocalAsync(wednesday.AddHours(20).AddMinutes(31));
        var finished = await hvps.EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Hvps));
        Assert.Equal(EnqueueOutcome.AlreadyFinished, finished.Outcome);
        Assert.Contains("credited", finished.Reason, StringComparison.Ordinal);

        // Another rail does not know P1, but the journal does: it can never be paid twice.
        var elsewhere = await host.Rail(ChannelKind.Ibps).EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Ibps));
        Assert.Equal(EnqueueOutcome.AlreadyFinished, elsewhere.Outcome);
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["P1", "P2"], (await host.Bank.GetAllCreditsAsync()).Select(c => c.PayoutId));
    }

    [Fact]
    public async Task Restart_WhileQueuedAndWhileDraining_AndCrashAfterBankCredit_NothingLostNothingPaidTwiceOrderKept()
    {
        var settings = WithIbps(c => c with { PayoutsPerSecond = 10, QueueSla = TimeSpan.FromHours(3) });
        var day = new DateTime(2026, 11, 22);
        var host = await RailTestHost.StartAsync(day.AddHours(1).AddMinutes(50), settings);
        try
        {
            await host.Rail(ChannelKind.Ibps).ScheduleMaintenanceAsync(Window("w", ChannelKind.Ibps, day.AddHours(2), day.AddHours(4)));
            await host.AdvanceToLocalAsync(day.AddHours(2));
            var ids = Enumerable.Range(0, 50).Select(i => $"Q{i:D2}").ToList();
            foreach (var id in ids)
            {
                await host.Rail(ChannelKind.Ibps).EnqueueAsync(RailTestHost.Payout(id, ChannelKind.Ibps));
            }

            host = await host.RestartAsync();
            await host.AdvanceToLocalAsync(day.AddHours(4).AddSeconds(1));
            Assert.Equal(20, (await host.Bank.GetAllCreditsAsync()).Count);

            host = await host.RestartAsync();

            // The next drain crashes after the bank credited but before the rail recorded it.
            host.Scripted.FailNextWhere(w =>
                w.GrainId == IbpsId && w.Records.Any(r => r.RecordId.StartsWith("rail-credited:", StringComparison.Ordinal)));
            await host.AdvanceAsync(TimeSpan.FromSeconds(1));
            Assert.Equal(1, host.Scripted.Failures);
            Assert.Equal(30, (await host.Bank.GetAllCreditsAsync()).Count);
            var status = await host.Rail(ChannelKind.Ibps).GetStatusAsync();
            Assert.Equal(30, status.QueueDepth);
            Assert.Equal(10, status.SendingCount);

            host = await host.RestartAsync();
            await host.AdvanceToLocalAsync(day.AddHours(4).AddMinutes(1));

            var credits = await host.Bank.GetAllCreditsAsync();
            Assert.Equal(ids, credits.Select(c => c.PayoutId));
            Assert.Equal(ids, host.Sink.With(PayoutOutcome.Credited).Select(n => n.PayoutId));
            Assert.Equal(0, (await host.Rail(ChannelKind.Ibps).GetStatusAsync()).QueueDepth);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task FrozenAccount_PayoutReturned_SinkToldReturnedWithReasonAccountFrozen()
    {
        await using var host = await RailTestHost.StartAsync(new DateTime(2026, 11, 23, 10, 0, 0));
        await host.Bank.FreezeAccountAsync("ICBC", "6222-frozen");
        var ibps = host.Rail(ChannelKind.Ibps);
        await ibps.EnqueueAsync(RailTestHost.Payout("F1", ChannelKind.Ibps, account: "6222-frozen"));
        await ibps.EnqueueAsync(RailTestHost.Payout("OK1", ChannelKind.Ibps));

        await host.AdvanceAsync(TimeSpan.FromSeconds(2));

        var returned = Assert.Single(host.Sink.With(PayoutOutcome.Returned));
        Assert.Equal("F1", returned.PayoutId);
        Assert.Equal("account frozen", returned.Reason);
        Assert.Equal("M100", returned.MerchantId);
        Assert.DoesNotContain(host.Sink.Notices, n => n.PayoutId == "F1" && n.Outcome != PayoutOutcome.Returned);
        Assert.Empty(await host.Bank.GetStatementAsync("ICBC", "6222-frozen"));
        Assert.Equal(["OK1"], (await host.Bank.GetAllCreditsAsync()).Select(c => c.PayoutId));
        Assert.Equal(EnqueueOutcome.AlreadyFinished, (await ibps.EnqueueAsync(RailTestHost.Payout("F1", ChannelKind.Ibps))).Outcome);
    }

    [Fact]
    public async Task QueueBound_AtMaxQueueDepth_RefusesWithQueueFull_AcceptsAgainOnceDrained()
    {
        var settings = new RailTestSettings { Rail = BankChannelOptions.Default with { MaxQueueDepth = 3 } };
        var wednesday = new DateTime(2026, 11, 25);
        await using var host = await RailTestHost.StartAsync(wednesday.AddHours(17).AddMinutes(20), settings);
        var hvps = host.Rail(ChannelKind.Hvps);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(EnqueueOutcome.Queued, (await hvps.EnqueueAsync(RailTestHost.Payout($"P{i}", ChannelKind.Hvps))).Outcome);
        }

        var full = await hvps.EnqueueAsync(RailTestHost.Payout("P4", ChannelKind.Hvps));

        Assert.Equal(EnqueueOutcome.QueueFull, full.Outcome);
        Assert.False(full.IsQueued);
        Assert.Null(full.Position);
        Assert.Contains("MaxQueueDepth", full.Reason, StringComparison.Ordinal);
        Assert.Equal(3, (await hvps.GetStatusAsync()).QueueDepth);

        await host.AdvanceToLocalAsync(wednesday.AddHours(20).AddMinutes(31));
        Assert.Equal(EnqueueOutcome.Queued, (await hvps.EnqueueAsync(RailTestHost.Payout("P4", ChannelKind.Hvps))).Outcome);
    }

    [Fact]
    public async Task Maintenance_IdempotentById_Bounded_AndCancellingReleasesTheQueue()
    {
        var settings = new RailTestSettings { Rail = BankChannelOptions.Default with { MaxMaintenanceWindows = 2 } };
        var day = new DateTime(2026, 11, 23);
        await using var host = await RailTestHost.StartAsync(day.AddHours(10), settings);
        var ibps = host.Rail(ChannelKind.Ibps);
        var outage = Window("outage", ChannelKind.Ibps, day.AddHours(10), day.AddHours(12));

        Assert.Equal(MaintenanceOutcome.Scheduled, await ibps.ScheduleMaintenanceAsync(outage));
        Assert.Equal(MaintenanceOutcome.AlreadyScheduled, await ibps.ScheduleMaintenanceAsync(outage));
        Assert.Equal(MaintenanceOutcome.Updated, await ibps.ScheduleMaintenanceAsync(outage with { End = day.AddHours(13) }));
        Assert.Equal(MaintenanceOutcome.WrongChannel, await ibps.ScheduleMaintenanceAsync(outage with { Channel = ChannelKind.Beps }));
        Assert.Equal(MaintenanceOutcome.Invalid, await ibps.ScheduleMaintenanceAsync(outage with { Id = "bad", End = day }));
        Assert.Equal(MaintenanceOutcome.Scheduled, await ibps.ScheduleMaintenanceAsync(Window("later", ChannelKind.Ibps, day.AddHours(20), day.AddHours(21))));
        Assert.Equal(MaintenanceOutcome.TooMany, await ibps.ScheduleMaintenanceAsync(Window("third", ChannelKind.Ibps, day.AddHours(22), day.AddHours(23))));

        var queued = await ibps.EnqueueAsync(RailTestHost.Payout("M1", ChannelKind.Ibps));
        Assert.Equal(ChannelState.InMaintenance, queued.ChannelState);
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Empty(await host.Bank.GetAllCreditsAsync());

        Assert.Equal(MaintenanceOutcome.Cancelled, await ibps.CancelMaintenanceAsync("outage"));
        Assert.Equal(MaintenanceOutcome.NotFound, await ibps.CancelMaintenanceAsync("outage"));
        await host.AdvanceAsync(TimeSpan.Zero);
        Assert.Equal(["M1"], (await host.Bank.GetAllCreditsAsync()).Select(c => c.PayoutId));
    }

    [Fact]
    public async Task SinkFailure_NoticesKeptInOrder_DeliveredOnceWhenTheSinkRecovers()
    {
        await using var host = await RailTestHost.StartAsync(new DateTime(2026, 11, 23, 10, 0, 0));
        var ibps = host.Rail(ChannelKind.Ibps);
        host.Sink.Fail = true;
        await ibps.EnqueueAsync(RailTestHost.Payout("S1", ChannelKind.Ibps));
        await ibps.EnqueueAsync(RailTestHost.Payout("S2", ChannelKind.Ibps));
        await host.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(2, (await host.Bank.GetAllCreditsAsync()).Count);
        var status = await ibps.GetStatusAsync();
        Assert.Equal(0, status.QueueDepth);
        Assert.Equal(4, status.PendingNotices);

        host.Sink.Fail = false;
        await host.AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [("S1", PayoutOutcome.Sent), ("S1", PayoutOutcome.Credited), ("S2", PayoutOutcome.Sent), ("S2", PayoutOutcome.Credited)],
            host.Sink.Notices.Select(n => (n.PayoutId, n.Outcome)));
        Assert.Equal(0, (await ibps.GetStatusAsync()).PendingNotices);
        Assert.Null(await host.Reminders.ReadAsync(IbpsId, BankChannelGrain.WakeReminderName, CancellationToken.None));
    }
}
