using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>With bank latency a payout is observably in transit: Sent when the bank accepts it, Credited when it lands.</summary>
public sealed class RailLatencyTests
{
    private static readonly GrainId IbpsId = new(BankChannelGrain.GrainTypeName, "Ibps");

    private static readonly DateTime Monday = new(2026, 11, 23, 10, 0, 0);

    private static readonly TimeSpan Latency = TimeSpan.FromMinutes(10);

    private static RailTestSettings WithLatency => new() { Bank = new SimulatedBankOptions { Latency = Latency } };

    [Fact]
    public async Task PayoutSentAtT_IsInTransitUntilTPlus10m_ThenCreditedOnceWithTheSameTrace()
    {
        await using var host = await RailTestHost.StartAsync(Monday, WithLatency);
        var ibps = host.Rail(ChannelKind.Ibps);
        Assert.Equal(EnqueueOutcome.Queued, (await ibps.EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Ibps))).Outcome);

        await host.AdvanceAsync(TimeSpan.FromSeconds(5));
        var sent = Assert.Single(host.Sink.With(PayoutOutcome.Sent));
        Assert.Equal("P1", sent.PayoutId);
        Assert.NotNull(sent.TraceId);
        Assert.Empty(host.Sink.With(PayoutOutcome.Credited));
        var inTransit = await ibps.GetStatusAsync();
        Assert.Equal((0, 1), (inTransit.QueueDepth, inTransit.AwaitingConfirmationCount));
        var again = await ibps.EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Ibps));
        Assert.Equal(EnqueueOutcome.AlreadyInTransit, again.Outcome);
        Assert.Contains("in transit", again.Reason, StringComparison.Ordinal);
        var t = sent.AtLocal;

        await host.AdvanceToLocalAsync(t + Latency - TimeSpan.FromSeconds(1));
        Assert.Empty(host.Sink.With(PayoutOutcome.Credited));
        Assert.Empty(await host.Bank.GetAllCreditsAsync());

        await host.AdvanceToLocalAsync(t + Latency);
        var credited = Assert.Single(host.Sink.With(PayoutOutcome.Credited));
        Assert.Equal(sent.TraceId, credited.TraceId);
        Assert.Equal(t + Latency, credited.AtLocal);
        var line = Assert.Single(await host.Bank.GetAllCreditsAsync());
        Assert.Equal(("P1", sent.TraceId), (line.PayoutId, (string?)line.TraceId));
        Assert.Equal(t + Latency, host.Local.ToLocal(line.CreditedAtUtc));
        Assert.Equal(0, (await ibps.GetStatusAsync()).AwaitingConfirmationCount);
        Assert.Equal(EnqueueOutcome.AlreadyFinished, (await ibps.EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Ibps))).Outcome);

        // Nothing left to do: the wake reminder is gone, and a later look changes nothing.
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Single(host.Sink.With(PayoutOutcome.Credited));
        Assert.Single(host.Sink.With(PayoutOutcome.Sent));
        Assert.Null(await host.Reminders.ReadAsync(IbpsId, BankChannelGrain.WakeReminderName, CancellationToken.None));
    }

    [Fact]
    public async Task QueueKeepsDraining_WhileEarlierPayoutsAreInTransit_CreditedInOrder()
    {
        await using var host = await RailTestHost.StartAsync(Monday, WithLatency);
        var ibps = host.Rail(ChannelKind.Ibps);
        var ids = Enumerable.Range(1, 5).Select(i => $"Q{i}").ToList();
        foreach (var id in ids)
        {
            await ibps.EnqueueAsync(RailTestHost.Payout(id, ChannelKind.Ibps));
            await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(ids, host.Sink.With(PayoutOutcome.Sent).Select(n => n.PayoutId));
        Assert.Empty(host.Sink.With(PayoutOutcome.Credited));

        await host.AdvanceAsync(Latency);
        Assert.Equal(ids, host.Sink.With(PayoutOutcome.Credited).Select(n => n.PayoutId));
        Assert.Equal(ids, (await host.Bank.GetAllCreditsAsync()).Select(l => l.PayoutId));
    }

    [Fact]
    public async Task RestartWhileAwaitingConfirmation_AndACrashRecordingIt_StillCreditsOnce()
    {
        var host = await RailTestHost.StartAsync(Monday, WithLatency);
        try
        {
            await host.Rail(ChannelKind.Ibps).EnqueueAsync(RailTestHost.Payout("P1", ChannelKind.Ibps));
            await host.AdvanceAsync(TimeSpan.FromSeconds(5));
            var sent = Assert.Single(host.Sink.With(PayoutOutcome.Sent));

            host = await host.RestartAsync();
            await host.AdvanceToLocalAsync(sent.AtLocal + TimeSpan.FromMinutes(5));
            Assert.Empty(host.Sink.With(PayoutOutcome.Credited));

            host = await host.RestartAsync();

            // The confirmation's write fails after the bank said Credited: the payout is still awaited and re-asked.
            host.Scripted.FailNextWhere(w =>
                w.GrainId == IbpsId && w.Records.Any(r => r.RecordId.StartsWith("rail-credited:", StringComparison.Ordinal)));
            await host.AdvanceToLocalAsync(sent.AtLocal + Latency);
            Assert.Equal(1, host.Scripted.Failures);

            host = await host.RestartAsync();
            await host.AdvanceToLocalAsync(sent.AtLocal + Latency + TimeSpan.FromMinutes(1));

            var credited = Assert.Single(host.Sink.With(PayoutOutcome.Credited));
            Assert.Equal(sent.TraceId, credited.TraceId);
            var line = Assert.Single(await host.Bank.GetAllCreditsAsync());
            Assert.Equal(sent.TraceId, line.TraceId);
            Assert.Null(await host.Reminders.ReadAsync(IbpsId, BankChannelGrain.WakeReminderName, CancellationToken.None));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
