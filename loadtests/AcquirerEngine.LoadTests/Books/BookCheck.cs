using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.LoadTests.Scenarios;
using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Books;

/// <summary>
/// After a run, the harness's record against the engine's books, through the engine's own read APIs:
/// every sale the harness saw approved is in its batch exactly once with the amount sent and the state the
/// harness last heard (approved, voided, reversed); no transaction exists that the harness never sent;
/// duplicate retries left one record; and for every merchant money is conserved (R11): the balance
/// buckets add up to what the batches captured minus the fees the engine took. The engine moves money
/// from terminals to merchants asynchronously, so balances are polled until they settle or time runs out.
/// </summary>
public static class BookCheck
{
    private const int MaxProblemsListed = 50;

    public static async Task<BookCheckResult> RunAsync(TradingFloor floor, TimeSpan settleTimeout, StepStats settleStats, int second, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settleStats);
        ArgumentNullException.ThrowIfNull(floor);
        var problems = new List<string>();
        var options = new CallOptions { Timeout = TimeSpan.FromSeconds(60), CancellationToken = cancellationToken };
        var capturedByMerchant = new Dictionary<string, long>(StringComparer.Ordinal);
        long approved = 0, cancelled = 0, uncertain = 0, engineTransactions = 0;

        foreach (var terminal in floor.Terminals)
        {
            var engine = new List<Transaction>();
            await foreach (var transaction in floor.Target.TerminalFor(terminal.Index).ListBatchTransactionsAsync(
                new ListBatchTransactionsRequest { MerchantId = terminal.MerchantId, TerminalId = terminal.TerminalId, BatchNo = terminal.BatchNo },
                options).ConfigureAwait(false))
            {
                engine.Add(transaction);
            }

            engineTransactions += engine.Count;
            var sales = terminal.Sales().ToDictionary(s => s.Request.Stan);
            foreach (var group in engine.GroupBy(t => t.Stan))
            {
                if (group.Count() > 1)
                {
                    problems.Add($"{terminal.TerminalId} batch {terminal.BatchNo} STAN {group.Key}: {group.Count()} records (a retry was doubled)");
                }

                if (!terminal.UsedStan(group.Key))
                {
                    problems.Add($"{terminal.TerminalId} batch {terminal.BatchNo} STAN {group.Key}: the engine holds a transaction the harness never sent");
                }
            }

            var engineByStan = engine.Where(t => t.Type == TransactionType.Sale).GroupBy(t => t.Stan).ToDictionary(g => g.Key, g => g.First());
            foreach (var sale in sales.Values)
            {
                engineByStan.TryGetValue(sale.Request.Stan, out var found);
                switch (sale.Fate)
                {
                    case SaleFate.Unknown:
                        uncertain++;
                        break;
                    case SaleFate.Declined:
                        if (found is not null && found.State == TransactionState.Approved)
                        {
                            problems.Add($"{Key(sale)}: declined to the terminal but approved in the books");
                        }

                        break;
                    default:
                        if (sale.Fate == SaleFate.Approved)
                        {
                            approved++;
                        }
                        else
                        {
                            cancelled++;
                        }

                        var expected = sale.Fate switch
                        {
                            SaleFate.Voided => TransactionState.Voided,
                            SaleFate.Reversed => TransactionState.Reversed,
                            _ => TransactionState.Approved,
                        };
                        if (found is null)
                        {
                            problems.Add($"{Key(sale)}: {sale.Fate.ToString().ToLowerInvariant()} to the terminal but missing from the books");
                        }
                        else if (found.State != expected || found.AmountMinor != sale.Request.AmountMinor)
                        {
                            problems.Add($"{Key(sale)}: the terminal was told {expected} of {sale.Request.AmountMinor}, the books say {found.State} of {found.AmountMinor}");
                        }

                        break;
                }
            }

            var captured = engine.Where(t => t.Type == TransactionType.Sale && t.State == TransactionState.Approved).Sum(t => t.AmountMinor)
                - engine.Where(t => t.Type == TransactionType.Refund && t.State == TransactionState.Approved).Sum(t => t.AmountMinor);
            capturedByMerchant[terminal.MerchantId] = capturedByMerchant.GetValueOrDefault(terminal.MerchantId) + captured;
        }

        var fees = await CheckConservationAsync(floor, capturedByMerchant, settleTimeout, problems, cancellationToken).ConfigureAwait(false);

        // Last, each terminal closes its batch (0500) with the totals it counted. A terminal with a lost
        // answer cannot know its totals, so it is left open rather than failed.
        var settled = 0;
        foreach (var terminal in floor.Terminals.Where(t => t.Sales().All(s => s.Fate != SaleFate.Unknown)))
        {
            var (step, latency, balanced, detail) = await floor.SettleAsync(terminal, cancellationToken).ConfigureAwait(false);
            settleStats.Record(step.Outcome, latency, second);
            if (balanced)
            {
                settled++;
            }
            else
            {
                problems.Add($"{terminal.TerminalId} batch {terminal.BatchNo}: 0500 not balanced ({step.Outcome.Status}): {detail}");
            }
        }

        var listed = problems.Count > MaxProblemsListed
            ? [.. problems.Take(MaxProblemsListed), $"... and {problems.Count - MaxProblemsListed} more"]
            : problems;
        return new BookCheckResult(
            floor.Terminals.Count,
            floor.Merchants.Count,
            approved,
            cancelled,
            uncertain,
            engineTransactions,
            capturedByMerchant.Values.Sum(),
            fees,
            settled,
            listed,
            null);
    }

    /// <summary>Sum of every bucket but fees: where the merchant's net money is.</summary>
    public static long NetBuckets(MerchantBalance balance)
    {
        ArgumentNullException.ThrowIfNull(balance);
        return balance.PendingMinor + balance.HeldMinor + balance.QueuedMinor + balance.InTransitMinor
            + balance.PaidMinor + balance.ReturnedMinor + balance.DeferredMinor;
    }

    private static async Task<long> CheckConservationAsync(
        TradingFloor floor,
        Dictionary<string, long> capturedByMerchant,
        TimeSpan settleTimeout,
        List<string> problems,
        CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + settleTimeout;
        var options = new CallOptions { Timeout = TimeSpan.FromSeconds(30), CancellationToken = cancellationToken };
        long fees = 0;
        foreach (var merchantId in floor.Merchants)
        {
            var captured = capturedByMerchant.GetValueOrDefault(merchantId);
            while (true)
            {
                var balance = await floor.Target.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId }, options)
                    .ConfigureAwait(false);
                var net = NetBuckets(balance);
                if (net + balance.FeesMinor == captured && balance.FeesMinor >= 0)
                {
                    fees += balance.FeesMinor;
                    break;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    problems.Add(
                        $"merchant {merchantId}: money not conserved: captured {captured}, but buckets {net} + fees {balance.FeesMinor} = {net + balance.FeesMinor} "
                        + $"(pending {balance.PendingMinor}, held {balance.HeldMinor}, queued {balance.QueuedMinor}, in transit {balance.InTransitMinor}, "
                        + $"paid {balance.PaidMinor}, returned {balance.ReturnedMinor}, deferred {balance.DeferredMinor})");
                    fees += balance.FeesMinor;
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }

        return fees;
    }

    private static string Key(SaleRecord sale) =>
        $"{sale.Request.TerminalId} batch {sale.Request.BatchNo} STAN {sale.Request.Stan}";
}
