using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Time;
using AcquirerEngine.Server.Security;
using AcquirerEngine.Server.Services;
using Microsoft.Extensions.Logging.Abstractions;
using AccountType = AcquirerEngine.Domain.Ledger.AccountType;
using CardType = AcquirerEngine.Domain.Terminals.CardType;
using SaleResult = AcquirerEngine.Domain.Terminals.SaleResult;
using ServerClock = AcquirerEngine.Server.Hosting.AcquirerClock;
using SettlementCycle = AcquirerEngine.Domain.Settlement.SettlementCycle;

namespace AcquirerEngine.Server.Tests.Services;

/// <summary>
/// OperatorService.ExplainTransaction over real grains: while the merchant's ledger cannot take a sale (here: a
/// merchant listed by name whose settlement account is not configured yet, so every forward is answered "retry
/// later"), the answer comes from the terminal (TerminalOnlyExplanation); once the ledger has it, from the ledger.
/// </summary>
public sealed class OperatorServiceTerminalFallbackTests
{
    private const string Token = "op-token-fallback";
    private const string MerchantId = "898340149000071";
    private const string TerminalId = "T0000071";

    [Fact]
    public async Task ExplainTransaction_answers_from_the_terminal_while_the_merchant_ledger_lags_then_from_the_ledger()
    {
        var timeZone = AcquirerClock.ChinaStandardTime;
        var start = new AcquirerClock(TimeProvider.System, timeZone).ToUtc(new DateTime(2026, 11, 16, 9, 0, 0));
        var clock = new SimulatedTimeProvider(start, timeZone) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
        await using var runtime = await StartRuntimeAsync(clock);
        var service = new OperatorService(
            runtime.GrainFactory, new TerminalRequestValidator(new ValidationPolicy()), OperatorToken.FromConfigured(Token),
            new ServerClock(clock, timeZone), NullLogger<OperatorService>.Instance);

        var merchant = runtime.GrainFactory.GetGrain<IMerchantGrain>(MerchantId);
        var terminal = runtime.GrainFactory.GetGrain<ITerminalGrain>(TerminalId);
        await merchant.OnboardAsync("Noodle House");
        Assert.True(await merchant.AddTerminalAsync(TerminalId));
        Assert.Equal(RegisterTerminalResult.Registered, (await terminal.RegisterAsync(new RegisterTerminalCommand(MerchantId, TerminalId))).Result);
        var batchNo = (await terminal.SignOnAsync(new SignOnCommand(MerchantId, TerminalId))).BatchNo;
        var cny = Iso4217.TryFind("CNY", out var found) ? found! : throw new InvalidOperationException("CNY is not in ISO 4217");
        var sale = await terminal.SaleAsync(new SaleCommand(
            MerchantId, TerminalId, batchNo, 1, 500_00, cny, CardType.Credit, "tok_fallback_1", new DateTime(2026, 11, 16, 9, 0, 0)));
        Assert.Equal(SaleResult.Approved, sale.Result);
        var request = new ExplainTransactionRequest
        {
            MerchantId = MerchantId, TerminalId = TerminalId, BatchNo = batchNo, Stan = 1, LocalDate = "2026-11-16",
        };

        var fromTerminal = await service.ExplainTransactionAsync(request, Context());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => service.ExplainTransactionAsync(
            new ExplainTransactionRequest { MerchantId = MerchantId, TerminalId = TerminalId, BatchNo = batchNo, Stan = 2, LocalDate = "2026-11-16" },
            Context()));

        // The operator completes the onboarding; the terminal's next forward attempt reaches the ledger.
        await merchant.OnboardAsync(Profile());
        await clock.AdvanceAsync(TimeSpan.FromMinutes(2));
        var fromLedger = await service.ExplainTransactionAsync(request, Context());

        Assert.Equal(MoneyState.PendingClearing, fromTerminal.State);
        Assert.Contains("on its way to the merchant's settlement ledger", fromTerminal.Reason, StringComparison.Ordinal);
        Assert.Equal(("", "", 500_00L, true), (fromTerminal.ClearingDate, fromTerminal.ExpectedArrivalDate, fromTerminal.AmountMinor, fromTerminal.Provisional));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        Assert.Equal(MoneyState.PendingClearing, fromLedger.State);
        Assert.Equal(("2026-11-16", "2026-11-17"), (fromLedger.ClearingDate, fromLedger.ExpectedArrivalDate));
        Assert.Contains("pending clearing: clearing date 2026-11-16", fromLedger.Reason, StringComparison.Ordinal);
    }

    private static ServerCallContext Context() =>
        new("/acquirer.v1.OperatorService/ExplainTransaction", null, new Metadata().Add("authorization", $"Bearer {Token}"), "test", CancellationToken.None);

    private static MerchantProfile Profile() => new(
        MerchantId,
        "Noodle House",
        new MerchantAccount("ICBC", "6222020000000071", AccountType.Corporate, false),
        RateTables.Standard,
        SettlementCycle.T1,
        null,
        null);

    private static async Task<GrainRuntime> StartRuntimeAsync(SimulatedTimeProvider clock)
    {
        var calendars = new CalendarSource(HolidayCalendar.Empty);
        GrainRuntime? built = null;
        var sink = new MerchantPayoutEventSink(() => built!.GrainFactory);
        built = new GrainRuntimeBuilder()
            .UseStorage(new InMemoryGrainStorage(clock))
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .AddGrain<ITerminalGrain, TerminalGrain>(
                TerminalGrain.GrainTypeName, () => new TerminalGrain(TerminalPolicy.Default, TerminalForwardingOptions.Default))
            .AddGrain<IMerchantGrain, MerchantGrain>(MerchantGrain.GrainTypeName, () => new MerchantGrain(calendars, MerchantSettlementOptions.Default))
            .AddGrain<IMerchantDirectoryGrain, MerchantDirectoryGrain>(MerchantDirectoryGrain.GrainTypeName, () => new MerchantDirectoryGrain())
            .AddGrain<ICalendarGrain, CalendarGrain>(CalendarGrain.GrainTypeName, () => new CalendarGrain(calendars))
            .AddGrain<IBankChannelGrain, BankChannelGrain>(
                BankChannelGrain.GrainTypeName, () => new BankChannelGrain(ChannelDefaults.All, calendars, sink, BankChannelOptions.Default))
            .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(SimulatedBankOptions.Default))
            .AddGrain<IAlertGrain, AlertGrain>(AlertGrain.GrainTypeName, () => new AlertGrain(AlertOptions.Default))
            .Build();
        await built.StartAsync(CancellationToken.None);
        await built.GrainFactory.GetGrain<ICalendarGrain>(CalendarGrain.ChinaMainlandKey).ListYearsAsync();
        return built;
    }
}
