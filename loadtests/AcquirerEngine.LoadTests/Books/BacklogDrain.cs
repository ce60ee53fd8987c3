using System.Diagnostics;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.LoadTests.Scenarios;

namespace AcquirerEngine.LoadTests.Books;

/// <summary>
/// The end of a backlog: moves the simulated clock to the reopening and then one second at a time until
/// every rail's queue is empty, timing the drain, then checks that each merchant's payouts all ended PAID,
/// each exactly once (distinct payout ids and bank traces) and adding up to the merchant's paid bucket.
/// </summary>
public static class BacklogDrain
{
    public static async Task<PayoutCheckResult> RunAsync(TradingFloor floor, DateTime reopeningLocal, TimeSpan maxDrain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(floor);
        var problems = new List<string>();
        var options = new CallOptions { Timeout = TimeSpan.FromSeconds(60), CancellationToken = cancellationToken };
        await floor.Clock.AdvanceToAsync(reopeningLocal.AddSeconds(-1)).ConfigureAwait(false);
        var backlog = await QueuedAsync(floor, options).ConfigureAwait(false);

        var wall = Stopwatch.StartNew();
        var simulated = 0;
        var queued = backlog;
        while (queued > 0 && simulated < maxDrain.TotalSeconds)
        {
            await floor.Clock.AdvanceByAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            simulated++;
            queued = await QueuedAsync(floor, options).ConfigureAwait(false);
        }

        wall.Stop();
        if (queued > 0)
        {
            problems.Add($"{queued} payouts still queued {simulated} simulated seconds after the rails reopened");
        }

        // Let payouts in transit land before counting them.
        await floor.Clock.AdvanceByAsync(TimeSpan.FromHours(2)).ConfigureAwait(false);
        int payouts = 0, paid = 0;
        long paidMinor = 0;
        var traces = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var merchantId in floor.Merchants)
        {
            var list = await floor.Target.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId }, options).ConfigureAwait(false);
            var balance = await floor.Target.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId }, options)
                .ConfigureAwait(false);
            foreach (var payout in list.Payouts)
            {
                payouts++;
                if (!ids.Add(payout.PayoutId))
                {
                    problems.Add($"payout {payout.PayoutId} of {merchantId} is listed twice");
                }

                if (payout.State != MoneyState.Paid)
                {
                    problems.Add($"payout {payout.PayoutId} of {merchantId} ended {payout.State}, not PAID: {payout.Reason}");
                    continue;
                }

                paid++;
                paidMinor += payout.AmountMinor;
                if (string.IsNullOrEmpty(payout.TraceId) || !traces.Add(payout.TraceId))
                {
                    problems.Add($"payout {payout.PayoutId} of {merchantId} has a missing or repeated bank trace '{payout.TraceId}'");
                }
            }

            var listedPaid = list.Payouts.Where(p => p.State == MoneyState.Paid).Sum(p => p.AmountMinor);
            if (listedPaid != balance.PaidMinor)
            {
                problems.Add($"merchant {merchantId}: paid payouts add up to {listedPaid} but the paid bucket holds {balance.PaidMinor}");
            }
        }

        if (payouts == 0)
        {
            problems.Add("no payout was made: the backlog scenario built nothing to drain");
        }

        return new PayoutCheckResult(payouts, paid, paidMinor, backlog, simulated, wall.Elapsed.TotalSeconds, problems);
    }

    private static async Task<int> QueuedAsync(TradingFloor floor, CallOptions options)
    {
        var channels = await floor.Target.Operator.ListChannelsAsync(new ListChannelsRequest(), options).ConfigureAwait(false);
        return (int)channels.Channels.Sum(c => c.QueueDepth);
    }
}
