using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>
/// R2/R3: a T+1 value date computed before the next year's calendar is loaded is provisional (weekday rule);
/// once the operator loads the year, the settlement run moves it off the new holidays before settling.
/// </summary>
public sealed class ProvisionalValueDateScenarioTests
{
    private const string MerchantId = "898340149000231";
    private const string TerminalId = "T0000231";

    [Fact]
    public async Task Sale_on_2026_12_31_T1_is_paid_on_2027_01_04_once_2027_is_loaded_with_01_01_to_01_03_holidays()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 12, 30, 9, 0, 0));
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        var sale = Sale(MerchantId, TerminalId, 1, 500_00, new DateTime(2026, 12, 31, 10, 0, 0));
        var transactionId = await SellAsync(host, terminal, sale);
        var merchant = host.Merchant(MerchantId);

        var captured = (await merchant.GetLedgerAsync()).FindTransaction(transactionId)!;
        Assert.Equal((new DateOnly(2027, 1, 1), true), (captured.ValueDate, captured.ValueDateProvisional));
        var provisional = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal((MoneyState.PendingClearing, new DateOnly(2027, 1, 1), true), (provisional.State, provisional.ExpectedArrivalDate, provisional.Provisional));

        var load = await host.Calendar.LoadYearAsync(new HolidayCalendarYear
        {
            Year = 2027,
            Holidays = [new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 2), new DateOnly(2027, 1, 3)],
            SourceNote = "test notice",
        });
        Assert.Equal(CalendarLoadResult.Loaded, load.Result);

        // Before any run the explanation already names the date the next run will pay on.
        var resolved = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal((new DateOnly(2027, 1, 4), false), (resolved.ExpectedArrivalDate, resolved.Provisional));

        // The terminal forwards the sale again after the load: same body, so a duplicate, not a conflict.
        var retry = new SaleApproved(
            MerchantId, TerminalId, sale.BatchNo, sale.Stan, new DateOnly(2026, 12, 31), sale.LocalTime, sale.AmountMinor, "CNY",
            sale.CardType, sale.CardToken, "000000000001", "000001");
        Assert.Equal(transactionId, retry.RecordId);
        Assert.Equal(TerminalFactResult.Duplicate, await merchant.CaptureSaleAsync(retry));

        await host.AdvanceToLocalAsync(new DateTime(2027, 1, 3, 23, 59, 0));
        Assert.Empty(await StatementAsync(host, MerchantId));
        Assert.Empty(await merchant.ListPayoutsAsync());
        var revised = (await merchant.GetLedgerAsync()).FindTransaction(transactionId)!;
        Assert.Equal((new DateOnly(2027, 1, 4), false, 1), (revised.ValueDate, revised.ValueDateProvisional, revised.ValueDateRevisionCount));
        var pending = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal((MoneyState.PendingClearing, new DateOnly(2027, 1, 4), false), (pending.State, pending.ExpectedArrivalDate, pending.Provisional));

        await host.AdvanceToLocalAsync(new DateTime(2027, 1, 4, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, MerchantId));
        Assert.Equal(NetCredit(500_00), line.AmountMinor);
        Assert.Equal(new DateOnly(2027, 1, 4), LocalDate(host, line.CreditedAtUtc));
        var payout = Assert.Single(await merchant.ListPayoutsAsync());
        Assert.Equal(new DateOnly(2027, 1, 4), payout.Payout.RunDate);
        Assert.Equal(MoneyState.Paid, (await merchant.ExplainTransactionAsync(transactionId))!.State);
        await AssertConservedAsync(host, MerchantId);
    }

    [Fact]
    public async Task Freeze_and_unfreeze_of_a_merchant_never_onboarded_write_nothing()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 12, 30, 9, 0, 0));
        const string neverOnboarded = "898340149000232";
        var merchant = host.Merchant(neverOnboarded);
        var writes = host.Storage.WriteCount;

        Assert.Equal(FreezeResult.AccountNotConfigured, await merchant.FreezeAsync("bank notice"));
        Assert.Equal(FreezeResult.AccountNotConfigured, await merchant.UnfreezeAsync());

        Assert.Equal(writes, host.Storage.WriteCount);
        Assert.Null(await host.Storage.ReadAsync(new GrainId(MerchantGrain.GrainTypeName, neverOnboarded), CancellationToken.None));
        Assert.Null(await merchant.GetAsync());
    }
}
