using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Shared steps of the end-to-end scenarios: onboard, sell, read the bank's statement, check R11.</summary>
internal static class ScenarioKit
{
    public const string BankCode = "ICBC";

    private static readonly Currency Cny = Iso4217.TryFind("CNY", out var cny) ? cny! : throw new InvalidOperationException();

    public static MerchantProfile Profile(
        string merchantId,
        SettlementCycle cycle = SettlementCycle.T1,
        long? firstSaleHoldAbove = null,
        bool sameBank = false) =>
        new(
            merchantId,
            $"Merchant {merchantId}",
            new MerchantAccount(BankCode, Account(merchantId), AccountType.Corporate, sameBank),
            RateTables.Standard,
            cycle,
            null,
            firstSaleHoldAbove);

    public static string Account(string merchantId) => "62220000" + merchantId[^8..];

    /// <summary>Onboards the merchant (full profile) and registers and signs on one terminal.</summary>
    public static async Task<ITerminalGrain> OnboardAsync(GrainTestHost host, MerchantProfile profile, string terminalId)
    {
        var merchant = host.Merchant(profile.MerchantId);
        Assert.Equal(OnboardOutcome.Created, await merchant.OnboardAsync(profile));
        Assert.True(await merchant.AddTerminalAsync(terminalId));
        var terminal = host.Terminal(terminalId);
        Assert.Equal(RegisterTerminalResult.Registered, (await terminal.RegisterAsync(new RegisterTerminalCommand(profile.MerchantId, terminalId))).Result);
        Assert.Equal(SignOnResult.SignedOn, (await terminal.SignOnAsync(new SignOnCommand(profile.MerchantId, terminalId))).Result);
        return terminal;
    }

    public static SaleCommand Sale(string merchantId, string terminalId, uint stan, long amountMinor, DateTime local, CardType card = CardType.Credit, uint batch = 1) =>
        new(merchantId, terminalId, batch, stan, amountMinor, Cny, card, $"tok_{merchantId}_{stan}", local);

    /// <summary>Moves the clock to the sale's local time and makes the sale; it must be approved.</summary>
    public static async Task<string> SellAsync(GrainTestHost host, ITerminalGrain terminal, SaleCommand sale)
    {
        await host.AdvanceToLocalAsync(sale.LocalTime);
        var outcome = await terminal.SaleAsync(sale);
        Assert.Equal(SaleResult.Approved, outcome.Result);

        // The reply does not wait for the merchant: the forward to it (tracked work) is done once the runtime is quiet.
        await host.QuiesceAsync();
        return TransactionId(sale);
    }

    public static string TransactionId(SaleCommand sale) =>
        RecordIds.Sale(sale.MerchantId, sale.TerminalId, sale.BatchNo, sale.Stan, DateOnly.FromDateTime(sale.LocalTime));

    public static OriginalSaleKey Key(SaleCommand sale) =>
        new(sale.MerchantId, sale.TerminalId, sale.BatchNo, sale.Stan, DateOnly.FromDateTime(sale.LocalTime));

    /// <summary>Net of a credit-card sale at the standard 0.6% (half-even).</summary>
    public static long NetCredit(long amountMinor) => amountMinor - FeeCalculator.Fee(amountMinor, CardType.Credit, RateTables.Standard).FeeMinor;

    public static async Task<IReadOnlyList<StatementLine>> StatementAsync(GrainTestHost host, string merchantId) =>
        await host.Bank.GetStatementAsync(BankCode, Account(merchantId));

    public static DateOnly LocalDate(GrainTestHost host, DateTimeOffset utc) => DateOnly.FromDateTime(host.Local.ToLocal(utc));

    /// <summary>R11 for the merchant's whole ledger, and the ledger rebuilt from its journal equals the persisted one.</summary>
    public static async Task AssertConservedAsync(GrainTestHost host, string merchantId)
    {
        var merchant = host.Merchant(merchantId);
        Assert.Null(await merchant.FindConservationViolationAsync());
        var balance = (await merchant.GetBalanceAsync())!.Balance;
        Assert.True(balance.IsConserved, balance.ToString());

        var events = new List<LedgerEvent>();
        await foreach (var record in host.Storage.ReadGrainJournalAsync(new Runtime.GrainId(MerchantGrain.GrainTypeName, merchantId), CancellationToken.None))
        {
            if (MerchantJournal.IsLedgerRecord(record.Kind))
            {
                events.Add(MerchantJournal.FromPayload(record.Payload));
            }
        }

        var rebuilt = MerchantLedgerState.Replay(events);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(LedgerQueries.Balance(await merchant.GetLedgerAsync())),
            System.Text.Json.JsonSerializer.Serialize(LedgerQueries.Balance(rebuilt)));
    }
}
