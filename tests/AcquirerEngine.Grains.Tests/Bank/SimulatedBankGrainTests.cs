using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Tests.Channels;

namespace AcquirerEngine.Grains.Tests.Bank;

public sealed class SimulatedBankGrainTests
{
    private static readonly DateTime Start = new(2026, 11, 23, 10, 0, 0);

    private static CreditRequest Credit(string payoutId, string account = "6222000011112222", long amountMinor = 100_00) =>
        new(payoutId, "ICBC", account, amountMinor, ChannelKind.Ibps);

    [Fact]
    public async Task RepeatedPayoutId_ReturnsTheOriginalResult_CreditsOnce_EvenAfterALostReply()
    {
        var settings = new RailTestSettings { Bank = new SimulatedBankOptions { TimeoutAfterCreditRate = 1.0 } };
        await using var host = await RailTestHost.StartAsync(Start, settings);

        var first = await host.Bank.CreditAsync(Credit("P1"));
        var retry = await host.Bank.CreditAsync(Credit("P1"));
        var again = await host.Bank.CreditAsync(Credit("P1", amountMinor: 999));

        Assert.Equal(BankCreditOutcome.TimedOut, first.Outcome);
        Assert.Equal(BankCreditOutcome.Credited, retry.Outcome);
        Assert.Equal(retry, again);
        var line = Assert.Single(await host.Bank.GetStatementAsync("ICBC", "6222000011112222"));
        Assert.Equal(("P1", 100_00L, retry.TraceId), (line.PayoutId, line.AmountMinor, (string?)line.TraceId));
    }

    [Fact]
    public async Task FrozenAndClosedAccounts_AreReturnedWithTheirReason_UnfreezeAllowsNewCredits()
    {
        await using var host = await RailTestHost.StartAsync(Start);
        await host.Bank.FreezeAccountAsync("ICBC", "A-frozen");
        await host.Bank.CloseAccountAsync("ICBC", "A-closed");

        Assert.Equal(BankCreditResult.Returned("account frozen"), await host.Bank.CreditAsync(Credit("P1", "A-frozen")));
        Assert.Equal(BankCreditResult.Returned("account closed"), await host.Bank.CreditAsync(Credit("P2", "A-closed")));

        await host.Bank.UnfreezeAccountAsync("ICBC", "A-frozen");
        Assert.Equal(BankCreditResult.Returned("account frozen"), await host.Bank.CreditAsync(Credit("P1", "A-frozen")));
        Assert.Equal(BankCreditOutcome.Credited, (await host.Bank.CreditAsync(Credit("P3", "A-frozen"))).Outcome);
        Assert.Equal(["P3"], (await host.Bank.GetAllCreditsAsync()).Select(l => l.PayoutId));
    }

    [Fact]
    public async Task SameSeed_SameOutcomes_AcrossHostsAndARestart()
    {
        var settings = new RailTestSettings
        {
            Bank = new SimulatedBankOptions { Seed = 7, TimeoutRate = 0.3, ReturnRate = 0.2, TimeoutAfterCreditRate = 0.2 },
        };
        var ids = Enumerable.Range(0, 40).Select(i => $"D{i:D2}").ToList();

        async Task<List<BankCreditResult>> RunAsync(bool restartHalfway)
        {
            var host = await RailTestHost.StartAsync(Start, settings);
            var results = new List<BankCreditResult>();
            try
            {
                for (var round = 0; round < 3; round++)
                {
                    if (restartHalfway && round == 1)
                    {
                        host = await host.RestartAsync();
                    }

                    foreach (var id in ids)
                    {
                        results.Add(await host.Bank.CreditAsync(Credit(id)));
                    }
                }
            }
            finally
            {
                await host.DisposeAsync();
            }

            return results;
        }

        var first = await RunAsync(restartHalfway: false);
        var second = await RunAsync(restartHalfway: true);

        Assert.Equal(first, second);
        Assert.Contains(first, r => r.Outcome == BankCreditOutcome.TimedOut);
        Assert.Contains(first, r => r.Outcome == BankCreditOutcome.Returned);
        Assert.Contains(first, r => r.Outcome == BankCreditOutcome.Credited);
    }
}
