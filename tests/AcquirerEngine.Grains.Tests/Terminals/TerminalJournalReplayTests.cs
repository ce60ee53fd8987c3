using System.Text.Json;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;
using AcquirerEngine.Storage.Postgres;
using AcquirerEngine.Storage.Sqlite;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Grains.Tests.Terminals;

/// <summary>
/// The terminal is journaled: most turns append only their events and the full state is written every
/// SnapshotEvery-th write. Seeded random sales, voids, reversals and refunds run twice, on a reference that
/// writes the full state every time and on a real store that appends; the state rebuilt from the store's
/// snapshot and tail must equal the reference byte for byte, and a second owner must see the same terminal.
/// A failure names its backend and seed: rerun that case.
/// </summary>
public sealed class TerminalJournalReplayTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const string MerchantId = "898340149000001";
    private const string TerminalId = "T0000001";
    private static readonly Currency Cny = Iso4217.TryFind("CNY", out var cny) ? cny! : throw new InvalidOperationException("CNY unknown");
    private static readonly GrainId TerminalGrainId = new(TerminalGrain.GrainTypeName, TerminalId);

    // Forwarding on, but no merchant grain answers: every money fact stays in the outbox, so the outbox
    // (with the void and reversal times, which their records carry) is compared too.
    private static readonly TerminalForwardingOptions Forwarding = TerminalForwardingOptions.Default with { BatchOpenAlertAfter = null };

    [Theory]
    [InlineData("sqlite", 101)]
    [InlineData("sqlite", 102)]
    [InlineData("sqlite", 103)]
    [InlineData("postgres", 101)]
    [InlineData("postgres", 102)]
    [InlineData("postgres", 103)]
    [InlineData("sqlite", 104)]
    [InlineData("postgres", 104)]
    public async Task A_terminal_rebuilt_from_snapshot_and_tail_equals_the_terminal_that_wrote_it(string backend, int seed)
    {
        var random = new Random(seed);
        var snapshotEvery = random.Next(3) == 0 ? 1000 : random.Next(2, 12);
        var context = $"backend {backend}, seed {seed}, SnapshotEvery {snapshotEvery}";
        var clock = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), AcquirerClock.ChinaStandardTime);
        var local = new AcquirerClock(clock, AcquirerClock.ChinaStandardTime);

        var referenceStorage = new InMemoryGrainStorage(clock);
        await using var reference = await StartRuntimeAsync(referenceStorage, clock, snapshotEvery: 1);
        await using var store = await OpenStoreAsync(backend, clock);
        await using var owner = await StartRuntimeAsync(store.Storage, clock, snapshotEvery);

        var referenceTerminal = reference.GrainFactory.GetGrain<ITerminalGrain>(TerminalId);
        var terminal = owner.GrainFactory.GetGrain<ITerminalGrain>(TerminalId);
        var openSales = new List<(OriginalSaleKey Key, long Amount)>();
        var settledSales = new List<(OriginalSaleKey Key, long Amount)>();
        var tally = new Dictionary<string, int>();
        uint stan = 0;
        async Task<T> Both<T>(Func<ITerminalGrain, Task<T>> call, Func<T, object> result)
        {
            var expected = await call(referenceTerminal);
            var actual = await call(terminal);
            Assert.True(Equals(result(expected), result(actual)), $"{context}: reference answered {result(expected)}, journaled {result(actual)}");
            var name = result(expected).ToString()!;
            tally[name] = tally.GetValueOrDefault(name) + 1;
            return expected;
        }

        await Both(t => t.RegisterAsync(new RegisterTerminalCommand(MerchantId, TerminalId)), o => o.Result);
        var batchNo = (await Both(t => t.SignOnAsync(new SignOnCommand(MerchantId, TerminalId, local.LocalNow)), o => o.Result)).BatchNo;
        var steps = random.Next(20, 80);
        for (var step = 0; step < steps; step++)
        {
            var roll = random.Next(100);
            if (roll < 50 || openSales.Count + settledSales.Count == 0)
            {
                var sale = new SaleCommand(
                    MerchantId, TerminalId, batchNo, ++stan, random.Next(1, 500_00), Cny,
                    random.Next(2) == 0 ? CardType.Credit : CardType.Debit, $"tok_{seed}_{stan:0000}", local.LocalNow);
                if ((await Both(t => t.SaleAsync(sale), o => o.Result)).Result == SaleResult.Approved)
                {
                    openSales.Add((new OriginalSaleKey(MerchantId, TerminalId, sale.BatchNo, sale.Stan, sale.LocalDate), sale.AmountMinor));
                }
            }
            else if (roll < 65 && openSales.Count > 0)
            {
                // Mostly the sale's own amount (a void is for the full amount); sometimes a wrong one, refused.
                var (key, amount) = openSales[random.Next(openSales.Count)];
                var voidStan = ++stan;
                var voidAmount = random.Next(6) == 0 ? amount + 1 : amount;
                await Both(t => t.VoidAsync(new VoidCommand(key, voidStan, voidAmount, local.LocalNow)), o => o.Result);
            }
            else if (roll < 72)
            {
                var pool = openSales.Count > 0 ? openSales : settledSales;
                var key = pool[random.Next(pool.Count)].Key;
                await Both(t => t.ReverseAsync(new ReverseCommand(key)), o => o.Result);
            }
            else if (roll < 90 && settledSales.Count > 0)
            {
                var (key, amount) = settledSales[random.Next(settledSales.Count)];
                var refundStan = ++stan;
                var refundAmount = random.Next(1, (int)Math.Min(amount + 10, int.MaxValue));
                await Both(t => t.RefundAsync(new RefundCommand(key, batchNo, refundStan, refundAmount, local.LocalNow)), o => o.Result);
            }
            else
            {
                // Close the batch: totals that never match make the host ask for an upload, which closes it.
                var closing = batchNo;
                var settle = await Both(
                    t => t.SettleBatchAsync(new SettleBatchCommand(MerchantId, TerminalId, closing, new BatchSettlementTotals(999, 1, 0, 0), local.LocalNow)),
                    o => o.Result);
                if (settle.Result == SettleBatchResult.UploadRequired)
                {
                    await Both(t => t.UploadBatchAsync(new UploadBatchCommand(MerchantId, TerminalId, closing, [], local.LocalNow)), o => o.Result);
                }

                batchNo = (await Both(t => t.SignOnAsync(new SignOnCommand(MerchantId, TerminalId, local.LocalNow)), o => o.Result)).BatchNo;
                if (batchNo != closing)
                {
                    settledSales.AddRange(openSales);
                    openSales.Clear();
                }
            }

            // Time moves between turns, so void and reversal times differ from one another.
            await clock.AdvanceAsync(TimeSpan.FromSeconds(random.Next(1, 90)));
        }

        context += $", outcomes {string.Join(" ", tally.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}";

        // The reference wrote its full state on every write: its payload is the live state.
        var expected = Canonical(JsonSerializer.Deserialize<TerminalGrainState>((await referenceStorage.ReadAsync(TerminalGrainId, CancellationToken.None))!.Payload)!);
        var stored = await store.Storage.ReadStateWithTailAsync(TerminalGrainId, CancellationToken.None);
        Assert.NotNull(stored);
        var rebuilt = JsonSerializer.Deserialize<TerminalGrainState>(stored.Payload)!;
        foreach (var record in stored.Tail)
        {
            TerminalGrain.ReplayRecord(rebuilt, record, Forwarding);
        }

        context += $", tail {stored.Tail.Count} records after snapshot version {stored.SnapshotVersion} of {stored.Version}";
        Assert.True(expected == Canonical(rebuilt), $"{context}: rebuilt {Canonical(rebuilt)} differs from written {expected}");

        // Kill and reactivate between snapshots: a second owner over the same store (the first one never
        // leaves gracefully) answers like the reference and keeps going from the replayed state.
        await using var successor = await StartRuntimeAsync(store.Storage, clock, snapshotEvery);
        var reactivated = successor.GrainFactory.GetGrain<ITerminalGrain>(TerminalId);
        for (uint batch = 1; batch <= batchNo; batch++)
        {
            var referenceBatch = await referenceTerminal.ListBatchAsync(MerchantId, batch);
            var reactivatedBatch = await reactivated.ListBatchAsync(MerchantId, batch);
            Assert.True(
                JsonSerializer.Serialize(referenceBatch) == JsonSerializer.Serialize(reactivatedBatch),
                $"{context}: the reactivated terminal lists batch {batch} unlike the reference");
        }

        Assert.Equal(await referenceTerminal.GetPendingForwardCountAsync(), await reactivated.GetPendingForwardCountAsync());
        var last = new SaleCommand(MerchantId, TerminalId, batchNo, ++stan, 1_00, Cny, CardType.Debit, $"tok_{seed}_last", local.LocalNow);
        Assert.Equal(SaleResult.Approved, (await reactivated.SaleAsync(last)).Result);

        // The version fence: the first owner's memory is stale now, and its next write is refused.
        var late = last with { Stan = ++stan, CardToken = $"tok_{seed}_late" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => terminal.SaleAsync(late));
        Assert.Null((await reactivated.GetTransactionAsync(new OriginalSaleKey(MerchantId, TerminalId, batchNo, late.Stan, late.LocalDate))).Value);
    }

    private static string Canonical(TerminalGrainState state) => JsonSerializer.Serialize(state);

    private static async Task<GrainRuntime> StartRuntimeAsync(IGrainStorage storage, TimeProvider clock, int snapshotEvery)
    {
        var policy = TerminalPolicy.Default with { PerSaleLimitMinor = 1_000_000_00 };
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(storage)
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .Configure(o => o.SnapshotEvery = snapshotEvery)
            .AddGrain<ITerminalGrain, TerminalGrain>(TerminalGrain.GrainTypeName, () => new TerminalGrain(policy, Forwarding))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return runtime;
    }

    private async Task<JournaledTestStore> OpenStoreAsync(string backend, TimeProvider clock)
    {
        if (backend == "sqlite")
        {
            var directory = new TemporaryDirectory();
            var sqlite = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory.Path, TimeProvider = clock }, CancellationToken.None);
            return new JournaledTestStore(sqlite, sqlite, directory);
        }

        var connectionString = await database.CreateExtraDatabaseAsync();
        var postgres = await PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = connectionString, MaxPoolSize = 4, TimeProvider = clock }, CancellationToken.None);
        return new JournaledTestStore(postgres, postgres, null);
    }
}
