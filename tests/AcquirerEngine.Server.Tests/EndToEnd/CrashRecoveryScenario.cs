using System.Collections.Concurrent;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// Sales in flight when the server is killed with SIGKILL: after a restart on the same store, every sale
/// a terminal saw approved is there with the same RRN, and retrying any sale (approved or with a lost
/// reply) gives exactly one record. Shared by the SQLite and PostgreSQL end-to-end tests.
/// </summary>
public static class CrashRecoveryScenario
{
    private const string MerchantId = "898340149000077";
    private const string TerminalId = "T0000077";
    private const int SaleCount = 400;

    public static async Task RunAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var approved = new ConcurrentDictionary<uint, SaleResponse>();
        uint batchNo;
        await using (var engine = await EngineProcess.StartAsync(dataDirectory, settings))
        {
            using var clients = new EngineClients(engine.Address);
            batchNo = await clients.OnboardAndSignOnAsync(MerchantId, TerminalId);
            var enoughApproved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var load = Parallel.ForEachAsync(
                Enumerable.Range(1, SaleCount).Select(i => (uint)i),
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (stan, _) =>
                {
                    try
                    {
                        var response = await clients.Terminal.SaleAsync(Sale(batchNo, stan), new CallOptions { Timeout = TimeSpan.FromSeconds(10) });
                        approved[stan] = response;
                        if (approved.Count >= 50)
                        {
                            enoughApproved.TrySetResult();
                        }
                    }
                    catch (RpcException)
                    {
                        // The reply was lost in the crash: the terminal does not know the outcome.
                    }
                });
            await enoughApproved.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await engine.KillAsync();
            await load;
        }

        Assert.True(approved.Count >= 50, $"only {approved.Count} sales were approved before the crash");
        await using var restarted = await EngineProcess.StartAsync(dataDirectory, settings);
        using var after = new EngineClients(restarted.Address);
        await after.Terminal.SignOnAsync(new SignOnRequest { MerchantId = MerchantId, TerminalId = TerminalId });
        foreach (var (stan, response) in approved)
        {
            var stored = await after.Terminal.GetTransactionAsync(new GetTransactionRequest
            {
                Key = new OriginalKey { MerchantId = MerchantId, TerminalId = TerminalId, BatchNo = batchNo, Stan = stan, LocalDate = "2026-11-20" },
            });
            Assert.Equal(TransactionState.Approved, stored.State);
            Assert.Equal(response.Rrn, stored.Rrn);
        }

        for (var stan = 1u; stan <= SaleCount; stan++)
        {
            var retried = await after.Terminal.SaleAsync(Sale(batchNo, stan));
            if (approved.TryGetValue(stan, out var original))
            {
                Assert.Equal(original, retried);
            }

            Assert.Equal(SaleResult.Approved, retried.Result);
        }

        var listed = new List<Transaction>();
        await foreach (var transaction in after.Terminal.ListBatchTransactionsAsync(
            new ListBatchTransactionsRequest { MerchantId = MerchantId, TerminalId = TerminalId, BatchNo = batchNo }))
        {
            listed.Add(transaction);
        }

        Assert.Equal(SaleCount, listed.Count);
        Assert.Equal(SaleCount, listed.Select(t => t.Stan).Distinct().Count());
    }

    private static SaleRequest Sale(uint batchNo, uint stan) => new()
    {
        MerchantId = MerchantId,
        TerminalId = TerminalId,
        BatchNo = batchNo,
        Stan = stan,
        AmountMinor = 1_000 + stan,
        Currency = "CNY",
        CardType = CardType.Debit,
        CardToken = "tok_crash_" + stan,
        LocalTime = "2026-11-20T12:00:00",
    };
}
