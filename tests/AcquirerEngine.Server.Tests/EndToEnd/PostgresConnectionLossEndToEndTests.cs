using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Server.Services;
using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// The engine's database sessions ended under it (an administrator, a failover): the terminal hears UNAVAILABLE with
/// a retry hint, not UNKNOWN; its repeat is approved once on new sessions; operators see the failed writes counted.
/// </summary>
public sealed class PostgresConnectionLossEndToEndTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string MerchantId = "898340149000077";
    private const string TerminalId = SaleRequests.TerminalId;

    [Fact]
    public async Task A_sale_whose_database_sessions_were_ended_is_unavailable_and_its_repeat_is_approved_once()
    {
        var connectionString = await database.CreateExtraDatabaseAsync();
        try
        {
            using var data = new TemporaryDirectory();
            await using var engine = await EngineProcess.StartAsync(data.Path, new Dictionary<string, string>
            {
                ["Storage:Provider"] = "postgres",
                ["Storage:PostgresConnectionString"] = connectionString,
            });
            using var clients = new EngineClients(engine.Address);
            var batchNo = await clients.OnboardAndSignOnAsync(MerchantId, TerminalId);
            await using var admin = new NpgsqlConnection(connectionString);
            await admin.OpenAsync();
            var merchantRecords = await MerchantRecordsAsync(admin);
            Assert.Equal(SaleResult.Approved, (await clients.Terminal.SaleAsync(Sale(batchNo, stan: 1))).Result);

            // The merchant records the sale after its terminal answered; once it has, the engine writes nothing more
            // until the next sale, so that sale's write is the first to meet the ended session (not the merchant's).
            for (var polls = 0; await MerchantRecordsAsync(admin) == merchantRecords; polls++)
            {
                Assert.True(polls < 500, "the merchant never recorded the first sale");
                await Task.Delay(10);
            }

            await using (var terminate = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();", admin))
            {
                await terminate.ExecuteNonQueryAsync();
            }

            // The terminal repeats while it is told to: each refusal names the storage and asks for the repeat.
            var unavailable = 0;
            SaleResponse? approved = null;
            for (var attempt = 0; attempt < 5 && approved is null; attempt++)
            {
                try
                {
                    approved = await clients.Terminal.SaleAsync(Sale(batchNo, stan: 2));
                }
                catch (RpcException refused)
                {
                    Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
                    Assert.Equal(StatusMapping.StorageFailed, refused.Detail);
                    unavailable++;
                }
            }

            Assert.True(unavailable >= 1, "no sale failed after every database session was ended: the test did not cut the engine off");
            Assert.NotNull(approved);
            Assert.Equal(SaleResult.Approved, approved.Result);
            Assert.Equal(approved, await clients.Terminal.SaleAsync(Sale(batchNo, stan: 2)));
            var stans = new List<uint>();
            await foreach (var transaction in clients.Terminal.ListBatchTransactionsAsync(
                new ListBatchTransactionsRequest { MerchantId = MerchantId, TerminalId = TerminalId, BatchNo = batchNo }))
            {
                stans.Add(transaction.Stan);
            }

            Assert.Equal([1u, 2u], stans);

            using var http = new HttpClient();
            var exposition = await http.GetStringAsync(engine.MetricsAddress);
            var failed = exposition.Split('\n').Where(line => line.StartsWith("acquirer_storage_writes_failed_total{", StringComparison.Ordinal)
                && line.Contains("backend=\"postgres\"", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, line => Assert.True(double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 1, line));
        }
        finally
        {
            await database.Server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<long> MerchantRecordsAsync(NpgsqlConnection admin)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM journal WHERE grain_type = 'merchant' AND grain_key = @merchant;", admin);
        count.Parameters.AddWithValue("merchant", MerchantId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static SaleRequest Sale(uint batchNo, uint stan) =>
        SaleRequests.For(MerchantId, batchNo, stan, amountMinor: 2_500 + stan, localTime: "2026-11-20T12:00:00");
}
