using System.Text.Json;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Tests.Terminals;

public sealed class TerminalGrainTests
{
    private const string MerchantId = "898340149000001";
    private const string TerminalId = "T0000001";
    private static readonly Currency Cny = Iso4217.TryFind("CNY", out var cny) ? cny! : throw new InvalidOperationException();
    private static readonly GrainId TerminalGrainId = new(TerminalGrain.GrainTypeName, TerminalId);

    [Fact]
    public async Task Approved_sale_is_journaled_once_and_a_retry_returns_the_stored_reply_without_writing()
    {
        await using var host = await GrainTestHost.StartAsync();
        var terminal = await RegisteredAndSignedOnAsync(host);

        var first = await terminal.SaleAsync(Sale(stan: 1, amount: 12_345));
        var writesAfterFirst = host.Storage.WriteCount;
        var retry = await terminal.SaleAsync(Sale(stan: 1, amount: 12_345));

        Assert.Equal(SaleResult.Approved, first.Result);
        Assert.Equal(SaleResult.DuplicateSameBody, retry.Result);
        Assert.Equal(first.Reply, retry.Reply);
        Assert.Equal(writesAfterFirst, host.Storage.WriteCount);
        var saleRecords = await JournalAsync(host, record => record.RecordId.StartsWith("sale:", StringComparison.Ordinal));
        Assert.Single(saleRecords);
    }

    [Fact]
    public async Task Same_identity_with_another_amount_is_a_conflict_and_moves_nothing()
    {
        await using var host = await GrainTestHost.StartAsync();
        var terminal = await RegisteredAndSignedOnAsync(host);
        await terminal.SaleAsync(Sale(stan: 7, amount: 100));
        var writes = host.Storage.WriteCount;

        var conflict = await terminal.SaleAsync(Sale(stan: 7, amount: 1_000));

        Assert.Equal(SaleResult.ConflictDifferentBody, conflict.Result);
        Assert.Equal(writes, host.Storage.WriteCount);
        var view = await terminal.GetTransactionAsync(Key(stan: 7));
        Assert.Equal(100, view.Value!.AmountMinor);
    }

    [Fact]
    public async Task State_rebuilt_from_the_journal_equals_the_persisted_state()
    {
        await using var host = await GrainTestHost.StartAsync();
        var terminal = await RegisteredAndSignedOnAsync(host);
        await terminal.SaleAsync(Sale(stan: 1, amount: 500));
        await terminal.SaleAsync(Sale(stan: 2, amount: 700));
        await terminal.VoidAsync(new VoidCommand(Key(stan: 1), 3, 500, new DateTime(2026, 11, 20, 10, 20, 0)));
        await terminal.ReverseAsync(new ReverseCommand(Key(stan: 2)));
        await terminal.ReverseAsync(new ReverseCommand(Key(stan: 99)));

        var events = (await JournalAsync(host, _ => true)).Select(record => TerminalJournal.FromPayload(record.Payload));
        var rebuilt = TerminalState.Replay(events);

        // What is persisted: the last snapshot and the events appended after it.
        var stored = await host.Storage.ReadStateWithTailAsync(TerminalGrainId, CancellationToken.None);
        var persisted = JsonSerializer.Deserialize<TerminalGrainState>(stored!.Payload)!;
        foreach (var record in stored.Tail)
        {
            TerminalGrain.ReplayRecord(persisted, record, new GrainTestSettings().Forwarding);
        }

        Assert.Equal(JsonSerializer.Serialize(persisted.Terminal), JsonSerializer.Serialize(rebuilt));
    }

    [Fact]
    public async Task Transactions_survive_a_restart_of_the_runtime()
    {
        var host = await GrainTestHost.StartAsync();
        var terminal = await RegisteredAndSignedOnAsync(host);
        var approved = await terminal.SaleAsync(Sale(stan: 5, amount: 4_200));

        await using var restarted = await host.RestartAsync();
        var view = await restarted.Grains.GetGrain<ITerminalGrain>(TerminalId).GetTransactionAsync(Key(stan: 5));
        var retry = await restarted.Grains.GetGrain<ITerminalGrain>(TerminalId).SaleAsync(Sale(stan: 5, amount: 4_200));

        Assert.Equal(TransactionStatus.Approved, view.Value!.Status);
        Assert.Equal(approved.Reply!.Rrn, view.Value.Rrn);
        Assert.Equal(SaleResult.DuplicateSameBody, retry.Result);
    }

    [Fact]
    public async Task A_failed_write_is_not_approved_and_leaves_no_trace_in_memory()
    {
        await using var host = await GrainTestHost.StartAsync();
        var terminal = await RegisteredAndSignedOnAsync(host);
        host.Failing.FailNextWrite = true;

        await Assert.ThrowsAsync<IOException>(() => terminal.SaleAsync(Sale(stan: 9, amount: 900)));
        var view = await terminal.GetTransactionAsync(Key(stan: 9));
        var retried = await terminal.SaleAsync(Sale(stan: 9, amount: 900));

        Assert.Null(view.Value);
        Assert.Equal(SaleResult.Approved, retried.Result);
    }

    [Fact]
    public async Task Queries_refuse_another_merchant_and_unknown_terminals()
    {
        await using var host = await GrainTestHost.StartAsync();
        var terminal = await RegisteredAndSignedOnAsync(host);
        await terminal.SaleAsync(Sale(stan: 1, amount: 100));

        var otherMerchant = await terminal.GetTransactionAsync(Key(stan: 1) with { MerchantId = "898340149000002" });
        var unknownTerminal = await host.Grains.GetGrain<ITerminalGrain>("T0000404").ListBatchAsync(MerchantId, 1);

        Assert.Equal(TerminalAccess.MerchantMismatch, otherMerchant.Access);
        Assert.Null(otherMerchant.Value);
        Assert.Equal(TerminalAccess.NotRegistered, unknownTerminal.Access);
    }

    private static async Task<ITerminalGrain> RegisteredAndSignedOnAsync(GrainTestHost host)
    {
        var terminal = host.Grains.GetGrain<ITerminalGrain>(TerminalId);
        Assert.Equal(RegisterTerminalResult.Registered, (await terminal.RegisterAsync(new RegisterTerminalCommand(MerchantId, TerminalId))).Result);
        Assert.Equal(SignOnResult.SignedOn, (await terminal.SignOnAsync(new SignOnCommand(MerchantId, TerminalId))).Result);
        return terminal;
    }

    private static SaleCommand Sale(uint stan, long amount) =>
        new(MerchantId, TerminalId, 1, stan, amount, Cny, CardType.Credit, "tok_grain_test", new DateTime(2026, 11, 20, 10, 15, 0));

    private static OriginalSaleKey Key(uint stan) => new(MerchantId, TerminalId, 1, stan, new DateOnly(2026, 11, 20));

    private static async Task<List<AcquirerEngine.Runtime.Storage.StoredJournalRecord>> JournalAsync(
        GrainTestHost host, Func<AcquirerEngine.Runtime.Storage.StoredJournalRecord, bool> filter)
    {
        var records = new List<AcquirerEngine.Runtime.Storage.StoredJournalRecord>();
        await foreach (var record in host.Storage.ReadGrainJournalAsync(TerminalGrainId, CancellationToken.None))
        {
            if (filter(record))
            {
                records.Add(record);
            }
        }

        return records;
    }
}
