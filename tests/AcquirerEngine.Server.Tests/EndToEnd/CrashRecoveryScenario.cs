using System.Collections.Concurrent;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// Thousands of sales in flight when the server is killed with SIGKILL: after a restart on the same store,
/// every sale a terminal saw approved is there with the same RRN, and retrying any sale (approved, or with
/// its reply lost in the crash) gives exactly one record. Shared by the SQLite and PostgreSQL tests.
/// </summary>
public static class CrashRecoveryScenario
{
    private const int MerchantCount = 6;
    private const int TerminalCount = 24;
    private const int SalesPerTerminal = 125;
    private const int ApprovedBeforeKill = 2_000;

    public static async Task RunAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var approved = new ConcurrentDictionary<(string TerminalId, uint Stan), SaleResponse>();
        var sales = Terminals().SelectMany(t => Enumerable.Range(1, SalesPerTerminal).Select(s => (TerminalId: t, Stan: (uint)s))).ToList();
        var batches = new Dictionary<string, uint>();
        await using (var engine = await EngineProcess.StartAsync(dataDirectory, settings))
        {
            using var clients = new EngineClients(engine.Address);
            foreach (var terminalId in Terminals())
            {
                batches[terminalId] = await clients.OnboardAndSignOnAsync(MerchantOf(terminalId), terminalId);
            }

            var enoughApproved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var load = Parallel.ForEachAsync(
                sales,
                new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (sale, _) =>
                {
                    try
                    {
                        var response = await clients.Terminal.SaleAsync(
                            Sale(sale.TerminalId, batches[sale.TerminalId], sale.Stan), new CallOptions { Timeout = TimeSpan.FromSeconds(10) });
                        approved[sale] = response;
                        if (approved.Count >= ApprovedBeforeKill)
                        {
                            enoughApproved.TrySetResult();
                        }
                    }
                    catch (RpcException)
                    {
                        // The reply was lost in the crash: the terminal does not know the outcome.
                    }
                });
            await enoughApproved.Task.WaitAsync(TimeSpan.FromSeconds(240));
            await engine.KillAsync();
            await load;
        }

        Assert.True(approved.Count >= ApprovedBeforeKill, $"only {approved.Count} sales were approved before the crash");
        Assert.True(approved.Count < sales.Count, "the kill came after the last sale: nothing was in flight");
        Assert.All(approved.Values, response => Assert.Equal(SaleResult.Approved, response.Result));

        await using var restarted = await EngineProcess.StartAsync(dataDirectory, settings);
        using var after = new EngineClients(restarted.Address);
        foreach (var ((terminalId, stan), response) in approved)
        {
            var stored = await after.Terminal.GetTransactionAsync(new GetTransactionRequest
            {
                Key = new OriginalKey { MerchantId = MerchantOf(terminalId), TerminalId = terminalId, BatchNo = batches[terminalId], Stan = stan, LocalDate = "2026-11-20" },
            });
            Assert.Equal(TransactionState.Approved, stored.State);
            Assert.Equal(response.Rrn, stored.Rrn);
        }

        // Terminals retry everything they are unsure of (and, here, everything else too).
        await Parallel.ForEachAsync(sales, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (sale, _) =>
        {
            var retried = await after.Terminal.SaleAsync(Sale(sale.TerminalId, batches[sale.TerminalId], sale.Stan));
            Assert.Equal(SaleResult.Approved, retried.Result);
            if (approved.TryGetValue(sale, out var original))
            {
                Assert.Equal(original, retried);
            }
        });

        foreach (var terminalId in Terminals())
        {
            var stans = new List<uint>();
            await foreach (var transaction in after.Terminal.ListBatchTransactionsAsync(
                new ListBatchTransactionsRequest { MerchantId = MerchantOf(terminalId), TerminalId = terminalId, BatchNo = batches[terminalId] }))
            {
                stans.Add(transaction.Stan);
            }

            Assert.Equal(Enumerable.Range(1, SalesPerTerminal).Select(s => (uint)s), stans);
        }
    }

    private static IEnumerable<string> Terminals() => Enumerable.Range(1, TerminalCount).Select(i => $"TC{i:D6}");

    /// <summary>Four terminals per merchant, as shops with several tills have.</summary>
    private static string MerchantOf(string terminalId) => $"8983401490000{int.Parse(terminalId[2..], System.Globalization.CultureInfo.InvariantCulture) % MerchantCount:D2}";

    private static SaleRequest Sale(string terminalId, uint batchNo, uint stan) => new()
    {
        MerchantId = MerchantOf(terminalId),
        TerminalId = terminalId,
        BatchNo = batchNo,
        Stan = stan,
        AmountMinor = 1_000 + stan,
        Currency = "CNY",
        CardType = CardType.Debit,
        CardToken = "tok_crash_" + stan,
        LocalTime = "2026-11-20T12:00:00",
    };
}
