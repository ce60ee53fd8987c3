using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Merchants;

/// <summary>
/// A capture that raises a risk alert appends the alert as a record of its own write instead of rewriting the
/// merchant's whole state; replay queues it again, and the alert grain still keeps it once.
/// </summary>
public sealed class MerchantRiskAlertJournalTests
{
    private const string MerchantId = "898340149000601";
    private const string TerminalId = "T0000601";
    private static readonly GrainId MerchantGrainId = new(MerchantGrain.GrainTypeName, MerchantId);
    private static readonly DateTime Day = new(2026, 11, 10, 9, 0, 0);

    // Snapshots only by size, so the capture's write is what the grain chose, not the snapshot policy.
    private static readonly GrainTestSettings Journaled = new() { SnapshotEvery = 1_000 };

    [Fact]
    public async Task A_capture_that_raises_an_alert_appends_it_and_a_restarted_merchant_raises_it_once()
    {
        var host = await GrainTestHost.StartAtAsync(Day, Journaled);
        try
        {
            var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
            host.Selective.Record(MerchantGrainId);

            // A new merchant's first sale of 100,000 CNY: held for review, and two alerts for the operators (a large
            // first sale, a round amount).
            var held = await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 1, 100_000_00, Day.AddHours(1)));
            await host.QuiesceAsync();
            var alerts = (await host.Alerts.ListAsync()).Where(a => a.MerchantId == MerchantId).ToArray();
            Assert.Equal([MerchantAlertKinds.NewMerchantLargeFirstSale, MerchantAlertKinds.RoundAmount], alerts.Select(a => a.Kind));
            Assert.All(alerts, a => Assert.Contains(held, a.Subject, StringComparison.Ordinal));

            var capture = Assert.Single(host.Selective.WritesOf(MerchantGrainId));
            Assert.True(capture.AppendOnly && capture.Payload.Length == 0, "the capture raising an alert rewrote the merchant's state");
            Assert.Equal(
                alerts.Select(a => MerchantJournal.AlertPendingId(a.Id)),
                capture.Records.Where(r => r.Kind == MerchantJournal.AlertPendingKind).Select(r => r.RecordId));
            Assert.Contains(capture.Records, r => r.Kind == nameof(Domain.Ledger.SaleCaptured));

            // The store's snapshot and tail rebuild the ledger the live merchant shows, and the alerts queued again.
            var (rebuilt, tail) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            Assert.Equal(capture.Records.Count, tail);
            Assert.Equal(alerts, rebuilt.PendingAlerts);
            var live = await JournalReplayKit.MerchantViewsAsync(host, MerchantId);

            // Activated again, the merchant hands the replayed alerts over with its next capture: the alert grain
            // answers each as a duplicate, so the operators still see each once.
            host = await host.RestartAsync();
            Assert.Equal(live, await JournalReplayKit.MerchantViewsAsync(host, MerchantId));
            await SellAsync(host, host.Terminal(TerminalId), Sale(MerchantId, TerminalId, 2, 50_00, Day.AddHours(2)));
            await host.QuiesceAsync();
            Assert.Equal(alerts, (await host.Alerts.ListAsync()).Where(a => a.MerchantId == MerchantId));
            await AssertConservedAsync(host, MerchantId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
