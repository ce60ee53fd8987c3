using System.Collections.Concurrent;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd.Cluster;

/// <summary>
/// Merchants and terminals trading through every node of a cluster, the way terminals behind a load balancer do:
/// a sale whose reply did not arrive (UNAVAILABLE, a dead node) is sent again, same STAN, to the next node.
/// Keeps what each terminal was told, and checks the books afterwards through any node.
/// </summary>
public sealed class ClusterTrading(int merchants, int terminalsPerMerchant)
{
    public const string LocalDate = "2026-11-20";

    private readonly ConcurrentDictionary<(string TerminalId, uint Stan), SaleResponse> _approved = new();
    private readonly Dictionary<string, uint> _batches = [];
    private int _retries;

    public IReadOnlyDictionary<(string TerminalId, uint Stan), SaleResponse> Approved => _approved;

    public int Retries => Volatile.Read(ref _retries);

    public IEnumerable<string> Terminals => Enumerable.Range(0, merchants * terminalsPerMerchant).Select(i => $"TK{i:D6}");

    public string MerchantOf(string terminalId) =>
        $"89834014{int.Parse(terminalId[2..], System.Globalization.CultureInfo.InvariantCulture) / terminalsPerMerchant:D7}";

    public async Task OnboardAsync(IReadOnlyList<EngineClients> nodes)
    {
        var i = 0;
        foreach (var terminalId in Terminals)
        {
            // Each step through another node: every call must reach the grain's owner whichever node it enters.
            var merchantId = MerchantOf(terminalId);
            await RetryUnavailableAsync(() => nodes[i++ % nodes.Count].Operator.OnboardMerchantAsync(EngineClients.Onboarding(merchantId)));
            await RetryUnavailableAsync(() => nodes[i++ % nodes.Count].Operator.RegisterTerminalAsync(new RegisterTerminalRequest { MerchantId = merchantId, TerminalId = terminalId }));
            _batches[terminalId] = (await RetryUnavailableAsync(() => nodes[i++ % nodes.Count].Terminal.SignOnAsync(new SignOnRequest { MerchantId = merchantId, TerminalId = terminalId }))).BatchNo;
        }
    }

    /// <summary>
    /// UNAVAILABLE means the call changed nothing and may be repeated (a shard settling between the nodes that just
    /// formed the cluster): a client does so, here through the next node, for at most 30 s.
    /// </summary>
    private static async Task<T> RetryUnavailableAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Sells <paramref name="salesPerTerminal"/> per terminal, entering at rotating nodes, retrying unknown outcomes.</summary>
    public Task SellAsync(IReadOnlyList<Func<EngineClients?>> nodes, int salesPerTerminal, int parallelism, CancellationToken cancellationToken = default)
    {
        var sales = Terminals.SelectMany(t => Enumerable.Range(1, salesPerTerminal).Select(s => (TerminalId: t, Stan: (uint)s))).ToList();
        var entry = 0;
        return Parallel.ForEachAsync(sales, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (sale, _) =>
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var attempt = Interlocked.Increment(ref entry);
            while (true)
            {
                var node = nodes[attempt++ % nodes.Count]();
                if (node is null)
                {
                    continue; // that node is down: the load balancer skips it
                }

                try
                {
                    var response = await node.Terminal.SaleAsync(Sale(sale.TerminalId, sale.Stan), new CallOptions { Timeout = TimeSpan.FromSeconds(5) });
                    Assert.Equal(SaleResult.Approved, response.Result);
                    _approved[sale] = response;
                    return;
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled)
                {
                    // Outcome unknown: the terminal sends the same sale again (idempotent by STAN).
                    Interlocked.Increment(ref _retries);
                    Assert.True(DateTime.UtcNow < deadline, $"sale {sale} still failing after 60 s: {ex.StatusCode} {ex.Detail}");
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        });
    }

    /// <summary>
    /// Every approved sale is stored once with the RRN its terminal was given, each batch holds each STAN once, and
    /// each merchant's buckets plus fees equal what was captured (R11), asked through <paramref name="node"/>.
    /// </summary>
    public async Task CheckBooksAsync(EngineClients node, int salesPerTerminal)
    {
        foreach (var ((terminalId, stan), response) in _approved)
        {
            var stored = await node.Terminal.GetTransactionAsync(new GetTransactionRequest
            {
                Key = new OriginalKey { MerchantId = MerchantOf(terminalId), TerminalId = terminalId, BatchNo = _batches[terminalId], Stan = stan, LocalDate = LocalDate },
            });
            Assert.Equal(TransactionState.Approved, stored.State);
            Assert.Equal(response.Rrn, stored.Rrn);
        }

        foreach (var terminalId in Terminals)
        {
            var stans = new List<uint>();
            await foreach (var transaction in node.Terminal.ListBatchTransactionsAsync(
                new ListBatchTransactionsRequest { MerchantId = MerchantOf(terminalId), TerminalId = terminalId, BatchNo = _batches[terminalId] }))
            {
                stans.Add(transaction.Stan);
            }

            Assert.Equal(Enumerable.Range(1, salesPerTerminal).Select(s => (uint)s), stans.Order());
        }

        foreach (var merchant in Terminals.GroupBy(MerchantOf))
        {
            var captured = merchant.Sum(t => Enumerable.Range(1, salesPerTerminal).Sum(s => Amount((uint)s)));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                // Sales reach the merchant's ledger from the terminals' outboxes: wait until all have arrived.
                var balance = await node.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchant.Key });
                var total = balance.PendingMinor + balance.HeldMinor + balance.QueuedMinor + balance.InTransitMinor
                    + balance.PaidMinor + balance.ReturnedMinor + balance.DeferredMinor + balance.FeesMinor;
                if (total == captured)
                {
                    break;
                }

                Assert.True(total < captured, $"merchant {merchant.Key}: buckets and fees {total} exceed what was captured, {captured}");
                Assert.True(DateTime.UtcNow < deadline, $"merchant {merchant.Key}: buckets and fees {total}, captured {captured}");
                await Task.Delay(200);
            }
        }
    }

    public SaleRequest Sale(string terminalId, uint stan) => new()
    {
        MerchantId = MerchantOf(terminalId),
        TerminalId = terminalId,
        BatchNo = _batches[terminalId],
        Stan = stan,
        AmountMinor = Amount(stan),
        Currency = "CNY",
        CardType = CardType.Debit,
        CardToken = $"tok_cluster_{terminalId}_{stan}",
        LocalTime = LocalDate + "T12:00:00",
    };

    private static long Amount(uint stan) => 1_000 + stan;
}
