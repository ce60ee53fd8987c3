using System.Text.Json;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Grains.Tests.Terminals;

/// <summary>
/// A void or reversal on a forwarding terminal appends its record like a sale (no whole-state write), and the
/// record carries the local time the fact is forwarded with; a replay forwards it with that time. Records
/// written without the time (before this, or with forwarding off) still replay with the commit time.
/// </summary>
public sealed class TerminalCancellationJournalTests
{
    private const string MerchantId = "898340149000001";
    private const string TerminalId = "T0000001";
    private static readonly Currency Cny = Iso4217.TryFind("CNY", out var cny) ? cny! : throw new InvalidOperationException("CNY unknown");
    private static readonly GrainId TerminalGrainId = new(TerminalGrain.GrainTypeName, TerminalId);
    private static readonly DateTime SaleTime = new(2026, 11, 20, 10, 15, 0);

    // Forwarding on, but no merchant grain answers: the facts stay in the outbox, where their times can be read.
    private static readonly TerminalForwardingOptions Forwarding = TerminalForwardingOptions.Default with { BatchOpenAlertAfter = null };

    [Fact]
    public async Task Void_and_reversal_append_records_carrying_the_forwarded_time()
    {
        var clock = new SimulatedTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero), AcquirerClock.ChinaStandardTime);
        var local = new AcquirerClock(clock, AcquirerClock.ChinaStandardTime);
        var storage = new InMemoryGrainStorage(clock);
        await using var runtime = await StartRuntimeAsync(storage, clock);
        var terminal = runtime.GrainFactory.GetGrain<ITerminalGrain>(TerminalId);
        await terminal.RegisterAsync(new RegisterTerminalCommand(MerchantId, TerminalId));
        await terminal.SignOnAsync(new SignOnCommand(MerchantId, TerminalId, local.LocalNow));
        await terminal.SaleAsync(Sale(stan: 1));
        await terminal.SaleAsync(Sale(stan: 2));

        await clock.AdvanceAsync(TimeSpan.FromMinutes(5));
        var voidedAt = local.LocalNow;
        Assert.Equal(VoidResult.Voided, (await terminal.VoidAsync(new VoidCommand(Key(stan: 1), 3, 500, SaleTime))).Result);
        await clock.AdvanceAsync(TimeSpan.FromMinutes(3));
        var reversedAt = local.LocalNow;
        Assert.Equal(ReverseResult.Reversed, (await terminal.ReverseAsync(new ReverseCommand(Key(stan: 2)))).Result);

        // Both turns appended: the snapshot is older than them and their records are in the tail after it.
        var stored = await storage.ReadStateWithTailAsync(TerminalGrainId, CancellationToken.None);
        var tail = stored!.Tail.Select(record => TerminalJournal.FromPayload(record.Payload)).ToList();
        Assert.Equal(voidedAt, Assert.Single(tail.OfType<SaleVoided>()).RecordedAtLocal);
        Assert.Equal(reversedAt, Assert.Single(tail.OfType<SaleReversed>()).RecordedAtLocal);

        // Replayed long after (a later commit time than the stamps): forwarded with the recorded times, and the
        // outbox holds the events as decided, like the live one.
        var rebuilt = JsonSerializer.Deserialize<TerminalGrainState>(stored.Payload)!;
        foreach (var record in stored.Tail)
        {
            TerminalGrain.ReplayRecord(rebuilt, record with { WrittenAt = record.WrittenAt.AddHours(6) }, Forwarding);
        }

        Assert.Equal(voidedAt, rebuilt.Outbox.Single(f => f.Event is SaleVoided).RecordedAtLocal);
        Assert.Equal(reversedAt, rebuilt.Outbox.Single(f => f.Event is SaleReversed).RecordedAtLocal);
        Assert.All(rebuilt.Outbox, f => Assert.DoesNotContain("RecordedAtLocal", JsonSerializer.Serialize(f.Event), StringComparison.Ordinal));
        Assert.Equal(TransactionStatus.Voided, TerminalQueries.FindTransaction(rebuilt.Terminal, Key(stan: 1))!.Status);
        Assert.Equal(TransactionStatus.Reversed, TerminalQueries.FindTransaction(rebuilt.Terminal, Key(stan: 2))!.Status);
    }

    [Fact]
    public void A_void_record_without_its_time_replays_with_the_commit_time_as_before()
    {
        var state = new TerminalGrainState();
        var written = new DateTimeOffset(2026, 11, 20, 3, 30, 0, TimeSpan.Zero);
        Replay(state, new TerminalRegistered(MerchantId, TerminalId), written);
        Replay(state, new TerminalSignedOn(MerchantId, TerminalId, 1, 1, null), written);
        Replay(state, Approved(stan: 1), written);

        // Exactly the payload a terminal without forwarding (or the earlier build) wrote: no time in it.
        var voided = new SaleVoided(MerchantId, TerminalId, 1, 1, DateOnly.FromDateTime(SaleTime), 500, 3, "000000000003");
        Assert.DoesNotContain("RecordedAtLocal", JsonSerializer.Serialize<TerminalEvent>(voided), StringComparison.Ordinal);
        Replay(state, voided, written.AddMinutes(7));

        Assert.Equal(new DateTime(2026, 11, 20, 11, 37, 0), state.Outbox.Single(f => f.Event is SaleVoided).RecordedAtLocal);
    }

    private static void Replay(TerminalGrainState state, TerminalEvent terminalEvent, DateTimeOffset writtenAt)
    {
        var record = TerminalJournal.ToRecord(terminalEvent);
        TerminalGrain.ReplayRecord(state, new StoredJournalRecord(1, TerminalGrainId, record.RecordId, record.Kind, record.Payload, writtenAt), Forwarding);
    }

    private static SaleApproved Approved(uint stan) =>
        new(MerchantId, TerminalId, 1, stan, DateOnly.FromDateTime(SaleTime), SaleTime, 500, "CNY", CardType.Credit, "tok_void", "000000000001", "000001");

    private static SaleCommand Sale(uint stan) =>
        new(MerchantId, TerminalId, 1, stan, 500, Cny, CardType.Credit, "tok_void", SaleTime);

    private static OriginalSaleKey Key(uint stan) => new(MerchantId, TerminalId, 1, stan, DateOnly.FromDateTime(SaleTime));

    private static async Task<GrainRuntime> StartRuntimeAsync(IGrainStorage storage, TimeProvider clock)
    {
        var policy = TerminalPolicy.Default with { PerSaleLimitMinor = 1_000_000_00 };
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(storage)
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .Configure(o => o.SnapshotEvery = 1_000)
            .AddGrain<ITerminalGrain, TerminalGrain>(TerminalGrain.GrainTypeName, () => new TerminalGrain(policy, Forwarding))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return runtime;
    }
}
