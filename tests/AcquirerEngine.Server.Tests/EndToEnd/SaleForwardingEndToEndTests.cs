using AcquirerEngine.Contracts.V1;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// When the merchant's ledger has a sale, through the real server: by default a moment after the terminal's reply
/// (work in flight finishes before the simulated clock moves); with Terminals:MerchantOnReplyPath before the reply.
/// </summary>
public sealed class SaleForwardingEndToEndTests
{
    private const string TerminalId = "T0000001";
    private const long Amount = 300_000;

    [Fact]
    public async Task With_the_merchant_on_the_reply_path_the_ledger_has_the_sale_when_the_terminal_hears_approved()
    {
        await using var engine = await SimulatedEngine.StartAsync(
            "2026-11-16T09:00:00", new Dictionary<string, string> { ["Terminals:MerchantOnReplyPath"] = "true" });
        const string merchantId = "898340149000601";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);

        var sale = await engine.Clients.Terminal.SaleAsync(SaleRequests.For(merchantId, batchNo, 1, Amount, "2026-11-16T09:00:00"));

        Assert.Equal(SaleResult.Approved, sale.Result);
        Assert.Equal(Amount, await LedgerTotalAsync(engine, merchantId));
    }

    [Fact]
    public async Task By_default_a_sale_replied_to_is_in_the_ledger_before_the_simulated_clock_moves_on()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00");
        const string merchantId = "898340149000602";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);

        var sale = await engine.Clients.Terminal.SaleAsync(SaleRequests.For(merchantId, batchNo, 1, Amount, "2026-11-16T09:00:00"));
        await engine.Clients.Operator.AdvanceClockAsync(new AdvanceClockRequest { Seconds = 1 });

        Assert.Equal(SaleResult.Approved, sale.Result);
        Assert.Equal(Amount, await LedgerTotalAsync(engine, merchantId));
    }

    /// <summary>Every bucket plus fees: what the ledger captured (nothing is paid before the settlement run).</summary>
    private static async Task<long> LedgerTotalAsync(SimulatedEngine engine, string merchantId)
    {
        var balance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        return balance.PendingMinor + balance.HeldMinor + balance.QueuedMinor + balance.InTransitMinor + balance.PaidMinor
            + balance.ReturnedMinor + balance.DeferredMinor + balance.FeesMinor;
    }
}
