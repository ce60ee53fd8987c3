using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Settlement;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Class II personal accounts take about 10,000 CNY a day inbound: per calendar day, also when runs catch up.</summary>
public sealed class ClassIIDailyLimitScenarioTests
{
    [Fact]
    public async Task ClassII_daily_limit_holds_per_calendar_day_when_missed_runs_catch_up_on_one_day_after_downtime()
    {
        var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0));
        try
        {
            const string merchantId = "898340149000081";
            var profile = Profile(merchantId, firstSaleHoldAbove: 1_000_000_00) with
            {
                Account = new MerchantAccount(BankCode, Account(merchantId), AccountType.ClassII, false),
            };
            var terminal = await OnboardAsync(host, profile, "T0000081");

            // Value dates 11-17 (before the 23:00 cut-off) and 11-18 (after it).
            await SellAsync(host, terminal, Sale(merchantId, "T0000081", 1, 7_012_34, new DateTime(2026, 11, 16, 10, 0, 0)));
            await SellAsync(host, terminal, Sale(merchantId, "T0000081", 2, 6_013_57, new DateTime(2026, 11, 16, 23, 30, 0)));

            // The engine is down from 23:40 until 11-18 10:00: the 11-17 and 11-18 runs both execute on 11-18.
            await host.AdvanceToLocalAsync(new DateTime(2026, 11, 16, 23, 40, 0));
            host = await host.RestartAsync(new DateTime(2026, 11, 18, 10, 0, 0) - new DateTime(2026, 11, 16, 23, 40, 0));
            await host.AdvanceAsync(TimeSpan.FromMinutes(5));

            var merchant = host.Merchant(merchantId);
            var sameDay = (await merchant.ListPayoutsAsync()).Select(p => p.Payout).ToList();
            var onDay = (await StatementAsync(host, merchantId)).Sum(l => l.AmountMinor);
            var deferred = (await merchant.GetBalanceAsync())!.Balance.DeferredMinor;
            await host.AdvanceToLocalAsync(new DateTime(2026, 11, 19, 12, 0, 0));
            var lines = await StatementAsync(host, merchantId);

            var total = NetCredit(7_012_34) + NetCredit(6_013_57);
            Assert.Equal([new DateOnly(2026, 11, 17), new DateOnly(2026, 11, 18)], sameDay.Select(p => p.RunDate));
            Assert.Equal(LedgerPolicy.Default.ClassIIDailyInboundLimitMinor, onDay);
            Assert.Equal(total - onDay, deferred);
            Assert.Equal(total, lines.Sum(l => l.AmountMinor));
            Assert.Equal(3, lines.Count);
            Assert.Equal(0, (await merchant.GetBalanceAsync())!.Balance.DeferredMinor);
            await AssertConservedAsync(host, merchantId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
