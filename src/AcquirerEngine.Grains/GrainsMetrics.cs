using System.Diagnostics.Metrics;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Grains;

/// <summary>
/// The settlement instruments (meter "AcquirerEngine.Grains"): settlement runs by outcome, payout queue depth
/// and oldest age per rail, holds placed, released and rejected, and alerts raised by kind. Grains record
/// only what they have made durable.
/// </summary>
internal static class GrainsMetrics
{
    public const string MeterName = "AcquirerEngine.Grains";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> SettlementRuns = Meter.CreateCounter<long>(
        "acquirer.settlement.runs", "{run}", "Merchant settlement runs, by outcome (payout_instructed, nothing_due, ...).");

    private static readonly Counter<long> HoldsPlaced = Meter.CreateCounter<long>(
        "acquirer.holds.placed", "{hold}", "Holds put on unpaid money, by source (risk_review at capture, or operator).");

    private static readonly Counter<long> HoldsReleased = Meter.CreateCounter<long>(
        "acquirer.holds.released", "{hold}", "Holds released by an operator: the money settles again.");

    private static readonly Counter<long> HoldsRejected = Meter.CreateCounter<long>(
        "acquirer.holds.rejected", "{hold}", "Holds rejected by an operator: the money is not paid out.");

    private static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>(
        "acquirer.alerts.raised", "{alert}", "Alerts raised (first time only, duplicates not counted), by kind.");

    static GrainsMetrics()
    {
        Meter.CreateObservableGauge(
            "acquirer.payout.queue.depth",
            static () => PayoutQueueGauges.Snapshot().Select(c => new Measurement<int>(c.Figures.Depth, Channel(c.Channel))),
            "{payout}",
            "Payouts queued on a rail (waiting, or being sent), by channel.");
        Meter.CreateObservableGauge(
            "acquirer.payout.queue.oldest.age",
            static () => PayoutQueueGauges.Snapshot().Select(c => new Measurement<double>(c.Figures.OldestAgeSeconds(), Channel(c.Channel))),
            "s",
            "How long the oldest queued payout of a rail has waited, on the engine's clock; 0 when the queue is empty.");
    }

    public static void SettlementRun(SettleResult result) =>
        SettlementRuns.Add(1, new KeyValuePair<string, object?>("outcome", SnakeCase(result.ToString())));

    /// <summary>Counts the hold events among events just made durable.</summary>
    /// <remarks>Indexed: called on every capture, and an interface's enumerator is a boxed object per call.</remarks>
    public static void LedgerEventsCommitted(IReadOnlyList<LedgerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            switch (events[i])
            {
                case SaleCaptured { Held: true }:
                    HoldsPlaced.Add(1, new KeyValuePair<string, object?>("source", "risk_review"));
                    break;
                case HoldPlaced:
                    HoldsPlaced.Add(1, new KeyValuePair<string, object?>("source", "operator"));
                    break;
                case HoldReleased:
                    HoldsReleased.Add(1);
                    break;
                case HoldRejected:
                    HoldsRejected.Add(1);
                    break;
            }
        }
    }

    public static void AlertRaised(string kind) =>
        AlertsRaised.Add(1, new KeyValuePair<string, object?>("kind", kind));

    private static KeyValuePair<string, object?> Channel(string channel) => new("channel", channel);

    private static string SnakeCase(string name)
    {
        var result = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                result.Append('_');
            }

            result.Append(char.ToLowerInvariant(name[i]));
        }

        return result.ToString();
    }
}
