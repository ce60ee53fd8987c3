using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Tests.Channels;

namespace AcquirerEngine.Grains.Tests.Bank;

public sealed class SimulatedBankLatencyTests
{
    private static readonly DateTime Start = new(2026, 11, 23, 10, 0, 0);

    private static readonly TimeSpan Latency = TimeSpan.FromMinutes(10);

    private static RailTestSettings WithLatency => new() { Bank = new SimulatedBankOptions { Latency = Latency } };

    private static CreditRequest Credit(string payoutId, string account = "6222000011112222") =>
        new(payoutId, "ICBC", account, 100_00, ChannelKind.Ibps);

    [Fact]
    public async Task WithLatency_ACreditIsPendingUntilItLands_ThenCreditedWithTheSameTrace_OnTheStatementOnce()
    {
        await using var host = await RailTestHost.StartAsync(Start, WithLatency);
        var landsAtUtc = host.Local.ToUtc(Start) + Latency;

        var first = await host.Bank.CreditAsync(Credit("P1"));
        Assert.Equal(BankCreditOutcome.Pending, first.Outcome);
        Assert.Equal(landsAtUtc, first.LandsAtUtc);
        Assert.NotNull(first.TraceId);
        Assert.Empty(await host.Bank.GetAllCreditsAsync());

        await host.AdvanceAsync(Latency - TimeSpan.FromSeconds(1));
        Assert.Equal(BankCreditResult.Pending(first.TraceId!, landsAtUtc), await host.Bank.CreditAsync(Credit("P1")));
        Assert.Empty(await host.Bank.GetStatementAsync("ICBC", "6222000011112222"));

        await host.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(BankCreditResult.Credited(first.TraceId!), await host.Bank.CreditAsync(Credit("P1")));
        Assert.Equal(BankCreditResult.Credited(first.TraceId!), await host.Bank.CreditAsync(Credit("P1")));
        var line = Assert.Single(await host.Bank.GetStatementAsync("ICBC", "6222000011112222"));
        Assert.Equal(("P1", first.TraceId, landsAtUtc), (line.PayoutId, (string?)line.TraceId, line.CreditedAtUtc));
    }

    [Fact]
    public async Task WithLatency_ReturnsAreAnsweredAtOnce_AndALandingSurvivesARestart()
    {
        var host = await RailTestHost.StartAsync(Start, WithLatency);
        try
        {
            await host.Bank.CloseAccountAsync("ICBC", "A-closed");
            Assert.Equal(BankCreditResult.Returned(SimulatedBankGrain.ClosedReason), await host.Bank.CreditAsync(Credit("R1", "A-closed")));
            var pending = await host.Bank.CreditAsync(Credit("P1"));
            Assert.Equal(BankCreditOutcome.Pending, pending.Outcome);

            host = await host.RestartAsync();
            Assert.Equal(pending, await host.Bank.CreditAsync(Credit("P1")));

            await host.AdvanceAsync(Latency);
            Assert.Equal(BankCreditResult.Credited(pending.TraceId!), await host.Bank.CreditAsync(Credit("P1")));
            Assert.Equal(["P1"], (await host.Bank.GetAllCreditsAsync()).Select(l => l.PayoutId));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public void NegativeLatency_IsInvalid_ZeroIsTheDefault()
    {
        Assert.Equal(TimeSpan.Zero, SimulatedBankOptions.Default.Latency);
        Assert.False((SimulatedBankOptions.Default with { Latency = TimeSpan.FromSeconds(-1) }).IsValid);
        Assert.Throws<ArgumentException>(() => new SimulatedBankGrain(SimulatedBankOptions.Default with { Latency = TimeSpan.FromSeconds(-1) }));
    }
}
