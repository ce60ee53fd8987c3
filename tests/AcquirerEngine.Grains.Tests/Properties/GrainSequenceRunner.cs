using System.Globalization;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>
/// Runs one <see cref="GrainSequence"/> on a fresh <see cref="GrainTestHost"/> (its own runtime, stores and
/// simulated clock): onboards the merchants, applies every step at the current simulated time and checks
/// <see cref="GrainSettlementInvariants"/> after each one; then lets every window close and everything due be
/// paid or returned (2026-10-16 12:00) and checks again, and finally lifts every freeze, releases every hold,
/// runs to 2026-10-21 12:00 and checks that nothing due is left unpaid.
/// </summary>
public static class GrainSequenceRunner
{
    public static readonly DateTime WindowStart = new(2026, 9, 28, 0, 0, 0);

    /// <summary>No step moves the clock past this; maintenance windows therefore end by 2026-10-15 23:59.</summary>
    public static readonly DateTime LastOperationAt = new(2026, 10, 12, 23, 59, 0);

    /// <summary>Every window is over and HVPS has been open since 10-15 20:30: whatever is instructed is finished.</summary>
    public static readonly DateTime DrainedAt = new(2026, 10, 16, 12, 0, 0);

    /// <summary>After freezes are lifted and holds released: several runs later.</summary>
    public static readonly DateTime ReleasedAndDrainedAt = new(2026, 10, 21, 12, 0, 0);

    /// <summary>0: a perfect bank; then lost replies after credits, lost requests, and returns by the beneficiary bank.</summary>
    public static IReadOnlyList<SimulatedBankOptions> BankProfiles { get; } =
    [
        SimulatedBankOptions.Default,
        SimulatedBankOptions.Default with { TimeoutAfterCreditRate = 0.5 },
        SimulatedBankOptions.Default with { TimeoutRate = 0.3, TimeoutAfterCreditRate = 0.3 },
        SimulatedBankOptions.Default with { ReturnRate = 0.1, TimeoutAfterCreditRate = 0.2 },
    ];

    private static readonly ChannelKind[] Rails = [ChannelKind.Hvps, ChannelKind.Beps, ChannelKind.Ibps, ChannelKind.SameBank];

    /// <summary>Around the BEPS/IBPS cap of 50,000 CNY, well above it, and small ones.</summary>
    private static readonly long[] Amounts =
        [1, 88_88, 500_00, 1_000_00, 3_333_33, 9_999_99, 10_000_00, 20_000_00, 49_999_99, 50_000_00, 50_000_01, 80_000_00, 120_000_00, 200_000_00];

    /// <summary>HVPS close, HVPS opening, cut-off, settlement run, a night maintenance slot.</summary>
    private static readonly TimeOnly[] Edges =
        [new(17, 14), new(17, 16), new(20, 29), new(20, 31), new(22, 59), new(23, 1), new(0, 29), new(0, 31), new(2, 0), new(4, 0)];

    private static readonly Currency Cny = Iso4217.TryFind("CNY", out var cny) ? cny! : throw new InvalidOperationException("CNY unknown");

    public static async Task RunAsync(GrainSequence sequence, SettlementWorld world)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(world);
        var bank = BankProfiles[sequence.BankProfile % BankProfiles.Count] with { Seed = 20_260_101 + sequence.StartOffsetMinutes };
        world.BankReturnsAtRandom = bank.ReturnRate > 0;
        // Half the cases route above-cap payouts with R4's split (parts within the cap), half wait for HVPS.
        var policy = sequence.StartOffsetMinutes % 2 == 1 ? RoutingPolicy.SplitWithinCaps : RoutingPolicy.WaitForHvps;
        var settings = new GrainTestSettings { Bank = bank, Settlement = MerchantSettlementOptions.Default with { RoutingPolicy = policy } };
        var host = await GrainTestHost.StartAtAsync(WindowStart.AddMinutes(sequence.StartOffsetMinutes), settings);
        try
        {
            await RunOnAsync(host, sequence, world, restarted => host = restarted);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task RunOnAsync(GrainTestHost host, GrainSequence sequence, SettlementWorld world, Action<GrainTestHost> restarted)
    {
        await OnboardAsync(host, world);
        await host.QuiesceAsync();
        await GrainSettlementInvariants.CheckAsync(host, world, "after onboarding", GrainCheckLevel.EveryStep);

        for (var i = 0; i < sequence.Operations.Count; i++)
        {
            var operation = sequence.Operations[i];
            var at = host.Local.LocalNow;
            string what;
            if (operation.Kind == GrainOperationKind.Restart)
            {
                (host, what) = await RestartAsync(host, operation);
                restarted(host);
                world.Reached.Add("restart");
            }
            else
            {
                what = await ApplyAsync(host, world, operation);
            }

            world.Log.Add(string.Create(CultureInfo.InvariantCulture, $"#{i:00} {at:MM-dd HH:mm} {operation}: {what}"));
            await host.QuiesceAsync();
            await GrainSettlementInvariants.CheckAsync(host, world, $"after step #{i}", GrainCheckLevel.EveryStep);
        }

        await host.AdvanceToLocalAsync(DrainedAt);
        await host.QuiesceAsync();
        world.Log.Add($"end: advanced to {DrainedAt:MM-dd HH:mm}");
        await GrainSettlementInvariants.CheckAsync(host, world, "after draining", GrainCheckLevel.Drained);

        await LiftEverythingAsync(host, world);
        await host.AdvanceToLocalAsync(ReleasedAndDrainedAt);
        await host.QuiesceAsync();
        world.Log.Add($"end: freezes lifted, holds released, advanced to {ReleasedAndDrainedAt:MM-dd HH:mm}");
        await GrainSettlementInvariants.CheckAsync(host, world, "after lifting freezes and holds", GrainCheckLevel.NothingDue);
    }

    private static async Task OnboardAsync(GrainTestHost host, SettlementWorld world)
    {
        foreach (var merchant in world.Merchants)
        {
            var grain = host.Merchant(merchant.MerchantId);
            Require(await grain.OnboardAsync(merchant.Profile()) == OnboardOutcome.Created, $"{merchant.MerchantId} not created");
            foreach (var terminalId in merchant.TerminalIds)
            {
                Require(await grain.AddTerminalAsync(terminalId), $"terminal {terminalId} not added");
                var terminal = host.Terminal(terminalId);
                var registered = await terminal.RegisterAsync(new RegisterTerminalCommand(merchant.MerchantId, terminalId));
                Require(registered.Result == RegisterTerminalResult.Registered, $"terminal {terminalId}: {registered.Result}");
                var signedOn = await terminal.SignOnAsync(new SignOnCommand(merchant.MerchantId, terminalId, host.Local.LocalNow));
                Require(signedOn.Result == SignOnResult.SignedOn, $"terminal {terminalId}: {signedOn.Result}");
            }
        }
    }

    private static Task<string> ApplyAsync(GrainTestHost host, SettlementWorld world, GrainOperation op) => op.Kind switch
    {
        GrainOperationKind.Sale => SaleAsync(host, world, op),
        GrainOperationKind.SaleRetry => SaleRetryAsync(host, world, op),
        GrainOperationKind.Void => VoidAsync(host, world, op),
        GrainOperationKind.ReverseKnown => ReverseKnownAsync(host, world, op),
        GrainOperationKind.ReverseUnknown => ReverseUnknownAsync(host, world, op),
        GrainOperationKind.Refund => RefundAsync(host, world, op),
        GrainOperationKind.SettleBatch => SettleBatchAsync(host, world, op),
        GrainOperationKind.ReleaseHold => DecideHoldAsync(host, world, op, release: true),
        GrainOperationKind.RejectHold => DecideHoldAsync(host, world, op, release: false),
        GrainOperationKind.ToggleMerchantFreeze => ToggleMerchantFreezeAsync(host, world, op),
        GrainOperationKind.ToggleBankFreeze => ToggleBankFreezeAsync(host, world, op),
        GrainOperationKind.Maintenance => MaintenanceAsync(host, world, op),
        GrainOperationKind.CancelMaintenance => CancelMaintenanceAsync(host, world, op),
        GrainOperationKind.AdvanceClock => AdvanceAsync(host, op),
        GrainOperationKind.Restart => throw new InvalidOperationException("a restart replaces the host: the run loop handles it"),
        _ => throw new InvalidOperationException($"unknown operation {op.Kind}"),
    };

    private static async Task<string> SaleAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var terminal = world.Terminals[op.A % world.Terminals.Count];
        var amount = op.B % 8 == 7 ? 1 + (op.B / 8 % 200_000_00) : Amounts[op.B / 8 % Amounts.Length];
        var card = op.C % 2 == 0 ? CardType.Debit : CardType.Credit;

        // A few cards per merchant, so "the same card three times in ten minutes" happens.
        var token = string.Create(CultureInfo.InvariantCulture, $"tok_{terminal.MerchantId[^4..]}_{op.C / 2 % 3}");
        var command = new SaleCommand(
            terminal.MerchantId, terminal.TerminalId, terminal.CurrentBatch, terminal.NextStan(), amount, Cny, card, token, host.Local.LocalNow);
        var outcome = await host.Terminal(terminal.TerminalId).SaleAsync(command);
        Require(outcome.Result == SaleResult.Approved, $"sale {command} was {outcome.Result}");
        var transactionId = RecordIds.Sale(command.MerchantId, command.TerminalId, command.BatchNo, command.Stan, command.LocalDate);
        terminal.Sales.Add(new ModelSale(command, transactionId));
        world.Add(world.ApprovedMinor, terminal.MerchantId, amount);
        world.Reached.Add(amount > 50_000_00 ? "sale-above-beps-cap" : "sale");
        await host.QuiesceAsync(); // the sale reaches the merchant after its reply
        var held = (await host.Merchant(terminal.MerchantId).ListHoldsAsync()).Any(h => h.TransactionId == transactionId);
        if (held)
        {
            world.Reached.Add("sale-held");
        }

        return $"{terminal.TerminalId} stan {command.Stan} {card} {amount}{(held ? " (held)" : "")}";
    }

    private static async Task<string> SaleRetryAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var terminal = world.Terminals[op.A % world.Terminals.Count];
        if (terminal.Sales.Count == 0)
        {
            return $"{terminal.TerminalId} has no sale to retry";
        }

        var sale = terminal.Sales[op.B % terminal.Sales.Count];
        var conflict = op.C % 4 == 0;
        var command = conflict ? sale.Command with { AmountMinor = sale.Command.AmountMinor + 1 } : sale.Command;
        var outcome = await host.Terminal(terminal.TerminalId).SaleAsync(command);
        var expected = conflict ? SaleResult.ConflictDifferentBody : SaleResult.DuplicateSameBody;
        Require(outcome.Result == expected, $"retry of {sale.TransactionId} (conflict: {conflict}) was {outcome.Result}, expected {expected}");
        world.Reached.Add(conflict ? "sale-conflict" : "sale-duplicate");
        return $"{sale.TransactionId} {outcome.Result}";
    }

    private static async Task<string> VoidAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var terminal = world.Terminals[op.A % world.Terminals.Count];
        if (terminal.Sales.Count == 0)
        {
            return $"{terminal.TerminalId} has no sale to void";
        }

        // Mostly sales of the open batch (voidable); sometimes any sale (too late, already cancelled).
        var open = terminal.OpenBatchStandingSales().ToList();
        var sale = open.Count > 0 && op.B % 3 != 0 ? open[op.B % open.Count] : terminal.Sales[op.B % terminal.Sales.Count];
        var amount = op.C % 6 == 0 && sale.Command.AmountMinor > 1 ? sale.Command.AmountMinor - 1 : sale.Command.AmountMinor;
        var (rejected, inPayout) = await LedgerStatusAsync(host, sale);
        var outcome = await host.Terminal(terminal.TerminalId).VoidAsync(new VoidCommand(sale.Key, terminal.NextStan(), amount, host.Local.LocalNow));
        if (outcome.Result == VoidResult.Voided)
        {
            world.Reached.Add(inPayout ? "voided-after-payout" : "voided");
            Require(!sale.Cancelled && amount == sale.Command.AmountMinor, $"{sale.TransactionId} voided twice or for a wrong amount");
            sale.Cancelled = true;
            CountGivenBack(world, sale, sale.Command.AmountMinor, rejected);
        }

        return $"{sale.TransactionId} {outcome.Result}{(rejected ? " (rejected on review before)" : "")}";
    }

    private static async Task<string> ReverseKnownAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var terminal = world.Terminals[op.A % world.Terminals.Count];
        if (terminal.Sales.Count == 0)
        {
            return $"{terminal.TerminalId} has no sale to reverse";
        }

        var sale = terminal.Sales[op.B % terminal.Sales.Count];
        var (rejected, inPayout) = await LedgerStatusAsync(host, sale);
        var outcome = await host.Terminal(terminal.TerminalId).ReverseAsync(new ReverseCommand(sale.Key));
        if (outcome.Result == ReverseResult.Reversed)
        {
            world.Reached.Add(inPayout ? "reversed-after-payout" : "reversed");
            Require(!sale.Cancelled, $"{sale.TransactionId} reversed after it was cancelled");
            sale.Cancelled = true;
            CountGivenBack(world, sale, sale.Command.AmountMinor, rejected);
        }

        return $"{sale.TransactionId} {outcome.Result}{(rejected ? " (rejected on review before)" : "")}";
    }

    private static async Task<string> ReverseUnknownAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var terminal = world.Terminals[op.A % world.Terminals.Count];

        // Sales and refunds use trace numbers far below 900000, so this STAN never named anything.
        var key = new OriginalSaleKey(
            terminal.MerchantId, terminal.TerminalId, terminal.CurrentBatch, 900_000 + (uint)(op.B % 1_000), DateOnly.FromDateTime(host.Local.LocalNow));
        var outcome = await host.Terminal(terminal.TerminalId).ReverseAsync(new ReverseCommand(key));
        Require(
            outcome.Result is ReverseResult.OrphanRecorded or ReverseResult.AlreadyRecorded,
            $"reversal of unknown stan {key.Stan} on {terminal.TerminalId} was {outcome.Result}");
        world.Reached.Add("orphan-reversal");
        return $"{terminal.TerminalId} stan {key.Stan} {outcome.Result}";
    }

    private static async Task<string> RefundAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var terminal = world.Terminals[op.A % world.Terminals.Count];
        if (terminal.Sales.Count == 0)
        {
            return $"{terminal.TerminalId} has no sale to refund";
        }

        var settled = terminal.Sales.Where(s => s.Command.BatchNo != terminal.CurrentBatch && s.RefundableMinor > 0).ToList();
        var sale = settled.Count > 0 && op.B % 5 != 0 ? settled[op.B % settled.Count] : terminal.Sales[op.B % terminal.Sales.Count];
        var refundable = Math.Max(sale.RefundableMinor, 1);
        var amount = op.C % 5 == 0 ? refundable + 1 : op.C % 5 == 1 ? refundable : 1 + (op.C % refundable);
        var (rejected, inPayout) = await LedgerStatusAsync(host, sale);
        var outcome = await host.Terminal(terminal.TerminalId).RefundAsync(
            new RefundCommand(sale.Key, terminal.CurrentBatch, terminal.NextStan(), amount, host.Local.LocalNow));
        if (outcome.Result == RefundResult.Refunded)
        {
            Require(amount <= sale.RefundableMinor, $"{sale.TransactionId}: refund of {amount} above the refundable {sale.RefundableMinor} was accepted");
            world.Reached.Add(inPayout ? "refunded-after-payout" : "refunded");
            sale.RefundedMinor += amount;
            terminal.BatchRefundCount++;
            terminal.BatchRefundMinor += amount;
            CountGivenBack(world, sale, amount, rejected);
        }

        return $"{sale.TransactionId} refund {amount}: {outcome.Result}{(rejected ? " (rejected on review before)" : "")}";
    }

    private static async Task<string> SettleBatchAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var terminal = world.Terminals[op.A % world.Terminals.Count];
        var grain = host.Terminal(terminal.TerminalId);
        var wrong = op.B % 4 == 0;
        var totals = terminal.OpenBatchTotals();
        if (wrong)
        {
            totals = totals with { SaleCount = totals.SaleCount + 1 };
        }

        var batch = terminal.CurrentBatch;
        var now = host.Local.LocalNow;
        var settle = await grain.SettleBatchAsync(new SettleBatchCommand(terminal.MerchantId, terminal.TerminalId, batch, totals, now));
        string what;
        switch (settle.Result)
        {
            case SettleBatchResult.Balanced:
                Require(!wrong, $"{terminal.TerminalId} batch {batch} balanced on wrong totals {totals} (host {settle.HostTotals})");
                terminal.CloseBatch(settle.NextBatchNo);
                world.Reached.Add("batch-balanced");
                what = $"batch {batch} balanced {totals}";
                break;
            case SettleBatchResult.UploadRequired:
                Require(wrong, $"{terminal.TerminalId} batch {batch}: the model's totals {totals} differ from the host's {settle.HostTotals}");
                if (op.C % 3 == 0)
                {
                    return $"batch {batch} upload required, left open";
                }

                var records = terminal.OpenBatchStandingSales()
                    .Select(s => new UploadedSaleRecord(s.Command.Stan, s.Command.AmountMinor, "CNY", s.Command.CardType, s.Command.CardToken, s.Command.LocalTime))
                    .Skip(op.C % 2)
                    .ToList();
                var upload = await grain.UploadBatchAsync(new UploadBatchCommand(terminal.MerchantId, terminal.TerminalId, batch, records, now));
                Require(upload.Result == UploadBatchResult.Closed, $"{terminal.TerminalId} batch {batch} upload was {upload.Result}");
                terminal.CloseBatch(upload.NextBatchNo);
                world.Reached.Add("batch-uploaded");
                what = $"batch {batch} closed by upload of {records.Count} records ({upload.Discrepancies.Count} discrepancies)";
                break;
            default:
                throw new InvalidOperationException($"{terminal.TerminalId} batch {batch} settle was {settle.Result}");
        }

        var signOn = await grain.SignOnAsync(new SignOnCommand(terminal.MerchantId, terminal.TerminalId, now));
        Require(signOn.BatchNo == terminal.CurrentBatch, $"{terminal.TerminalId} signed on to batch {signOn.BatchNo}, expected {terminal.CurrentBatch}");
        return what;
    }

    private static async Task<string> DecideHoldAsync(GrainTestHost host, SettlementWorld world, GrainOperation op, bool release)
    {
        var merchant = world.Merchants[op.A % world.Merchants.Count];
        var grain = host.Merchant(merchant.MerchantId);
        var holds = await grain.ListHoldsAsync();
        if (holds.Count == 0)
        {
            // An operator acting on a transaction that is not held: nothing may change.
            var sales = world.Terminals.Where(t => t.MerchantId == merchant.MerchantId).SelectMany(t => t.Sales).ToList();
            if (sales.Count == 0)
            {
                return $"{merchant.MerchantId} has no hold";
            }

            var id = sales[op.B % sales.Count].TransactionId;
            var result = release ? await grain.ReleaseHoldAsync(id) : await grain.RejectHoldAsync(id, "refused on review");
            Require(result is HoldResult.NotHeld or HoldResult.TransactionClosed, $"{(release ? "release" : "reject")} of unheld {id} was {result}");
            return $"{id} not held: {result}";
        }

        var hold = holds[op.B % holds.Count];
        var decided = release ? await grain.ReleaseHoldAsync(hold.TransactionId) : await grain.RejectHoldAsync(hold.TransactionId, "refused on review");
        var expected = release ? HoldResult.Released : HoldResult.Rejected;
        Require(decided == expected, $"{hold.TransactionId}: {decided}, expected {expected}");
        world.Reached.Add(release ? "hold-released" : "hold-rejected");
        return $"{hold.TransactionId} ({hold.HeldMinor} held: {hold.Reason}) {decided}";
    }

    private static async Task<string> ToggleMerchantFreezeAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var merchant = world.Merchants[op.A % world.Merchants.Count];
        var grain = host.Merchant(merchant.MerchantId);
        if (world.MerchantFrozen.Remove(merchant.MerchantId))
        {
            var unfrozen = await grain.UnfreezeAsync();
            Require(unfrozen == FreezeResult.Unfrozen, $"{merchant.MerchantId} unfreeze: {unfrozen}");
            return $"{merchant.MerchantId} unfrozen";
        }

        var frozen = await grain.FreezeAsync("risk review");
        Require(frozen == FreezeResult.Frozen, $"{merchant.MerchantId} freeze: {frozen}");
        world.MerchantFrozen.Add(merchant.MerchantId);
        world.Reached.Add("merchant-frozen");
        return $"{merchant.MerchantId} frozen";
    }

    private static async Task<string> ToggleBankFreezeAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var merchant = world.Merchants[op.A % world.Merchants.Count];
        if (world.BankFrozen.Remove(merchant.MerchantId))
        {
            await host.Bank.UnfreezeAccountAsync(PropertyMerchant.BankCode, merchant.AccountNumber);
            return $"bank unfroze {merchant.AccountNumber}";
        }

        await host.Bank.FreezeAccountAsync(PropertyMerchant.BankCode, merchant.AccountNumber);
        world.BankFrozen.Add(merchant.MerchantId);
        world.Reached.Add("bank-frozen");
        return $"bank froze {merchant.AccountNumber}";
    }

    private static async Task<string> MaintenanceAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        var rail = Rails[op.A % Rails.Length];
        var now = host.Local.LocalNow;
        var length = op.C / 4;
        DateTime start, end;
        switch (op.C % 4)
        {
            case 0:
                // Short, possibly already under way.
                start = now.AddMinutes((op.B % 240) - 120);
                end = start.AddMinutes(15 + (length % 105));
                break;
            case 1:
                start = now.AddMinutes(op.B % (24 * 60));
                end = start.AddHours(2 + (length % 8));
                break;
            case 2:
                // A multi-day core-banking upgrade.
                start = now.AddMinutes((op.B % (23 * 60)) - 60);
                end = start.AddHours(10 + (length % 38));
                break;
            default:
                // The announced night slot 02:00-04:00.
                start = Next(now, new TimeOnly(2, 0));
                end = start.AddHours(2);
                break;
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"mw-{world.MaintenanceWindowIds.Count + 1}");
        var window = new MaintenanceWindow { Id = id, Channel = rail, Start = start, End = end, Reason = "property test maintenance" };
        var outcome = await host.Rail(rail).ScheduleMaintenanceAsync(window);
        Require(outcome == MaintenanceOutcome.Scheduled, $"maintenance {id} on {rail}: {outcome}");
        world.MaintenanceWindowIds.Add(id);
        world.Reached.Add("maintenance");
        return string.Create(CultureInfo.InvariantCulture, $"{id} {rail} {start:MM-dd HH:mm} .. {end:MM-dd HH:mm}");
    }

    private static async Task<string> CancelMaintenanceAsync(GrainTestHost host, SettlementWorld world, GrainOperation op)
    {
        if (world.MaintenanceWindowIds.Count == 0)
        {
            return "no window to cancel";
        }

        var id = world.MaintenanceWindowIds[op.B % world.MaintenanceWindowIds.Count];
        var outcomes = new List<MaintenanceOutcome>();
        foreach (var rail in Rails)
        {
            outcomes.Add(await host.Rail(rail).CancelMaintenanceAsync(id));
        }

        return $"{id}: {string.Join("/", outcomes)}";
    }

    private static async Task<string> AdvanceAsync(GrainTestHost host, GrainOperation op)
    {
        var now = host.Local.LocalNow;
        if (now >= LastOperationAt)
        {
            return "the operation window is over";
        }

        var target = (op.A % 10) switch
        {
            < 2 => now.AddMinutes(1 + (op.B % 90)),
            < 5 => now.AddHours(1 + (op.B % 12)).AddMinutes(op.C % 60),
            < 7 => Next(now, Edges[op.B % Edges.Length]),
            _ => now.AddDays(1 + (op.B % 2)).AddMinutes(op.C % 180),
        };
        if (target > LastOperationAt)
        {
            target = LastOperationAt;
        }

        await host.AdvanceToLocalAsync(target);
        return string.Create(CultureInfo.InvariantCulture, $"clock to {target:MM-dd HH:mm} ({target.DayOfWeek})");
    }

    /// <summary>A new runtime over the same stores and clock; half the time after downtime (minutes to a day, within the window).</summary>
    private static async Task<(GrainTestHost Host, string What)> RestartAsync(GrainTestHost host, GrainOperation op)
    {
        var now = host.Local.LocalNow;
        TimeSpan? downtime = op.B % 2 == 0 ? TimeSpan.FromMinutes(1 + (op.C % (24 * 60))) : null;
        if (downtime is { } down && now + down > LastOperationAt)
        {
            downtime = now >= LastOperationAt ? null : LastOperationAt - now;
        }

        var restarted = await host.RestartAsync(downtime);
        return (restarted, downtime is { } d ? $"restarted after {d.TotalMinutes:0} min down" : "restarted");
    }

    /// <summary>Phase two of the end: the bank and the acquirer lift every freeze and the operators release every hold.</summary>
    private static async Task LiftEverythingAsync(GrainTestHost host, SettlementWorld world)
    {
        foreach (var merchant in world.Merchants)
        {
            if (world.BankFrozen.Remove(merchant.MerchantId))
            {
                await host.Bank.UnfreezeAccountAsync(PropertyMerchant.BankCode, merchant.AccountNumber);
            }

            var grain = host.Merchant(merchant.MerchantId);
            if (world.MerchantFrozen.Remove(merchant.MerchantId))
            {
                Require(await grain.UnfreezeAsync() == FreezeResult.Unfrozen, $"{merchant.MerchantId} did not unfreeze");
            }
            else
            {
                // The operator acts on every account the bank returned payouts for: ends any return back-off.
                Require(await grain.UnfreezeAsync() == FreezeResult.NotFrozen, $"{merchant.MerchantId} was frozen unseen");
            }

            foreach (var hold in await grain.ListHoldsAsync())
            {
                var released = await grain.ReleaseHoldAsync(hold.TransactionId);
                Require(released == HoldResult.Released, $"{hold.TransactionId}: release at the end was {released}");
            }
        }
    }

    /// <summary>
    /// Whether the ledger already sent this sale's money back to the cardholder on review (a later cancel moves
    /// nothing), and whether some of it is already in a payout (a cancel then becomes a refund carried forward).
    /// </summary>
    private static async Task<(bool RejectedOnReview, bool InPayout)> LedgerStatusAsync(GrainTestHost host, ModelSale sale)
    {
        var transaction = (await host.Merchant(sale.Command.MerchantId).GetLedgerAsync()).FindTransaction(sale.TransactionId);
        return (transaction?.HoldStatus == HoldStatus.Rejected, transaction?.PayoutShares.Count > 0);
    }

    private static void CountGivenBack(SettlementWorld world, ModelSale sale, long amountMinor, bool rejectedOnReview)
    {
        if (rejectedOnReview)
        {
            world.Reached.Add("cancel-after-review-rejection");
            return;
        }

        world.Add(world.GivenBackMinor, sale.Command.MerchantId, amountMinor);
    }

    private static DateTime Next(DateTime now, TimeOnly time)
    {
        var candidate = DateOnly.FromDateTime(now).ToDateTime(time);
        return candidate > now ? candidate : candidate.AddDays(1);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
