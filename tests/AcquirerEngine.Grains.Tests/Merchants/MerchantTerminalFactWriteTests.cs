using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Merchants;

/// <summary>
/// The ledger writes of facts a terminal delivered (sale, void, refund) may linger for a shared commit, since the
/// terminal answered its caller before delivering; the merchant's other writes (onboarding) stay prompt, and so do the
/// fact writes when the merchant is configured onto the reply path.
/// </summary>
public sealed class MerchantTerminalFactWriteTests
{
    private const string MerchantId = "898340149000701";
    private const string TerminalId = "T0000701";
    private static readonly GrainId MerchantGrainId = new(MerchantGrain.GrainTypeName, MerchantId);
    private static readonly DateTime Day = new(2026, 11, 10, 9, 0, 0);

    // 1: every write is a snapshot (the full state), 1,000: the facts are appends; either way the facts may linger.
    [Theory]
    [InlineData(1_000)]
    [InlineData(1)]
    public async Task A_terminals_facts_are_written_to_linger_and_onboarding_promptly(int snapshotEvery)
    {
        await using var host = await GrainTestHost.StartAtAsync(Day, new GrainTestSettings { SnapshotEvery = snapshotEvery });
        host.Selective.Record(MerchantGrainId);
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        var onboarding = host.Selective.WritesOf(MerchantGrainId);
        Assert.NotEmpty(onboarding);
        Assert.All(onboarding, w => Assert.Equal(WriteUrgency.Prompt, w.Urgency));

        var first = Sale(MerchantId, TerminalId, 1, 300_00, Day.AddHours(1));
        await SellAsync(host, terminal, first);
        await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 2, 500_00, Day.AddHours(2)));
        Assert.Equal(VoidResult.Voided, (await terminal.VoidAsync(new VoidCommand(Key(first), 3, 300_00, Day.AddHours(3)))).Result);
        await host.QuiesceAsync();

        var facts = host.Selective.WritesOf(MerchantGrainId).Skip(onboarding.Count).ToList();
        Assert.Equal(3, facts.Count);
        Assert.All(facts, w => Assert.Equal(snapshotEvery > 1, w.AppendOnly));
        Assert.All(facts, w => Assert.Equal(WriteUrgency.MayLinger, w.Urgency));
        await AssertConservedAsync(host, MerchantId);
    }

    [Fact]
    public async Task With_the_merchant_on_the_reply_path_its_fact_writes_are_prompt()
    {
        var settings = new GrainTestSettings
        {
            SnapshotEvery = 1_000,
            Settlement = MerchantSettlementOptions.Default with { TerminalFactWrites = WriteUrgency.Prompt },
        };
        await using var host = await GrainTestHost.StartAtAsync(Day, settings);
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        host.Selective.Record(MerchantGrainId);

        await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 1, 300_00, Day.AddHours(1)));

        var capture = Assert.Single(host.Selective.WritesOf(MerchantGrainId));
        Assert.Equal(WriteUrgency.Prompt, capture.Urgency);
    }
}
