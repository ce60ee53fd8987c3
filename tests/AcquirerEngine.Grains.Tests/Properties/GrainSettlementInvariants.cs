using System.Text.Json;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>
/// What must hold over the real grains whatever the sequence did. Every step: for every merchant R11
/// (<see cref="IMerchantGrain.FindConservationViolationAsync"/> and the balance), the ledger rebuilt from the
/// merchant's journal equals the stored one, the terminals handed every money fact to the ledger (captured =
/// approved sales; voided + reversed + refunded = what the terminals gave back on open transactions), and the
/// simulated bank agrees with the ledger (each payout id credited at most once, the credits to a merchant's
/// account sum to its paid bucket and are exactly its credited payouts, no returned payout was credited).
/// </summary>
public static class GrainSettlementInvariants
{
    public static async Task CheckAsync(GrainTestHost host, SettlementWorld world, string when, GrainCheckLevel level)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(world);
        var allCredits = await host.Bank.GetAllCreditsAsync();
        var duplicated = allCredits.GroupBy(l => l.PayoutId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        Require(duplicated is null, when, $"the bank credited payout {duplicated?.Key} {duplicated?.Count()} times");
        var accounts = world.Merchants.Select(m => m.AccountNumber).ToHashSet(StringComparer.Ordinal);
        var stray = allCredits.FirstOrDefault(l => l.BankCode != PropertyMerchant.BankCode || !accounts.Contains(l.AccountNumber));
        Require(stray is null, when, $"the bank credited an unknown account: {stray}");

        foreach (var merchant in world.Merchants)
        {
            await CheckMerchantAsync(host, world, merchant, when, level);
        }

        foreach (var terminal in world.Terminals)
        {
            var pending = await host.Terminal(terminal.TerminalId).GetPendingForwardCountAsync();
            Require(pending == 0, when, $"terminal {terminal.TerminalId} still holds {pending} money facts the ledger has not taken");
        }

        if (level >= GrainCheckLevel.Drained)
        {
            foreach (var kind in new[] { ChannelKind.Hvps, ChannelKind.Beps, ChannelKind.Ibps, ChannelKind.SameBank })
            {
                var status = await host.Rail(kind).GetStatusAsync();
                Require(
                    status.QueueDepth == 0 && status.SendingCount == 0 && status.PendingNotices == 0,
                    when,
                    $"rail {kind} not drained: {status.QueueDepth} queued, {status.SendingCount} sending, {status.PendingNotices} notices ({status.Reason})");
            }
        }
    }

    private static async Task CheckMerchantAsync(GrainTestHost host, SettlementWorld world, PropertyMerchant merchant, string when, GrainCheckLevel level)
    {
        var id = merchant.MerchantId;
        var grain = host.Merchant(id);
        var violation = await grain.FindConservationViolationAsync();
        Require(violation is null, when, $"R11 broken for {id}: {violation}");
        var balance = (await grain.GetBalanceAsync())!.Balance;
        Require(balance.IsConserved, when, $"R11 broken for {id}: {balance}");
        var ledger = await grain.GetLedgerAsync();

        // The journal is the record: replaying it must give exactly the stored ledger.
        var events = new List<LedgerEvent>();
        await foreach (var record in host.Storage.ReadGrainJournalAsync(new GrainId(MerchantGrain.GrainTypeName, id), CancellationToken.None))
        {
            // The merchant's own bookkeeping records (a payout's tracking) are not ledger events.
            if (MerchantJournal.IsLedgerRecord(record.Kind))
            {
                events.Add(MerchantJournal.FromPayload(record.Payload));
            }
        }

        var rebuilt = JsonSerializer.Serialize(MerchantLedgerState.Replay(events));
        var stored = JsonSerializer.Serialize(ledger);
        Require(rebuilt == stored, when, $"{id}: the ledger rebuilt from {events.Count} journal records differs from the stored one{FirstDifference(rebuilt, stored)}");

        // Nothing lost or invented between terminal and ledger.
        var approved = world.ApprovedMinor.GetValueOrDefault(id);
        Require(balance.CapturedMinor == approved, when, $"{id}: ledger captured {balance.CapturedMinor}, terminals approved {approved}");
        var givenBack = world.GivenBackMinor.GetValueOrDefault(id);
        var ledgerGivenBack = balance.VoidedMinor + balance.ReversedMinor + balance.RefundedMinor;
        Require(ledgerGivenBack == givenBack, when, $"{id}: ledger voided+reversed+refunded {ledgerGivenBack}, terminals gave back {givenBack}");

        // The other side of the books.
        var statement = await host.Bank.GetStatementAsync(PropertyMerchant.BankCode, merchant.AccountNumber);
        var credited = ledger.Payouts.Values.Where(p => p.Status == PayoutStatus.Credited).ToDictionary(p => p.PayoutId, StringComparer.Ordinal);
        Require(statement.Select(l => l.PayoutId).Distinct(StringComparer.Ordinal).Count() == statement.Count, when, $"{id}: a payout id appears twice on the statement");

        // A split payout (R4) is credited part by part ("<payoutId>/n"): its lines add up to what it paid once every
        // part is finished; until then (a part still in flight) the ledger shows it in transit, not paid.
        var byPayout = statement.GroupBy(l => ledger.FindPayout(l.PayoutId) is not null ? l.PayoutId : l.PayoutId[..Math.Max(l.PayoutId.LastIndexOf('/'), 0)], StringComparer.Ordinal);
        var paidOnStatement = 0L;
        foreach (var lines in byPayout)
        {
            var payout = ledger.FindPayout(lines.Key);
            var split = lines.Any(l => l.PayoutId != lines.Key);
            Require(payout is not null, when, $"{id}: the bank credited {string.Join(", ", lines.Select(l => l.PayoutId))}, which the ledger does not know");
            Require(payout!.Status != PayoutStatus.Returned, when, $"{id}: payout {lines.Key} was credited by the bank and returned in the ledger");
            Require(payout.Status == PayoutStatus.Credited || (split && payout.Status == PayoutStatus.Sent), when, $"{id}: payout {lines.Key} was credited by the bank but is {payout.Status} in the ledger");
            var held = payout.AmountMinor - payout.PartReturns.Sum(p => p.AmountMinor);
            var sum = lines.Sum(l => l.AmountMinor);
            Require(payout.Status == PayoutStatus.Credited ? sum == held : sum < held, when, $"{id}: payout {lines.Key} of {held} credited as {sum}");
            paidOnStatement += payout.Status == PayoutStatus.Credited ? sum : 0;
            if (split)
            {
                world.Reached.Add("payout-split-credited");
            }
        }

        Require(paidOnStatement == balance.PaidMinor, when, $"{id}: statement credits of paid payouts {paidOnStatement} != paid bucket {balance.PaidMinor}");
        Require(credited.Count == byPayout.Count(g => credited.ContainsKey(g.Key)), when, $"{id}: {credited.Count} payouts credited in the ledger, not all on the bank statement");

        if (level >= GrainCheckLevel.Drained)
        {
            var unfinished = ledger.Payouts.Values.FirstOrDefault(p => p.Status is not (PayoutStatus.Credited or PayoutStatus.Returned));
            Require(unfinished is null, when, $"{id}: payout {unfinished?.PayoutId} of {unfinished?.AmountMinor} is still {unfinished?.Status} ({unfinished?.Channel}: {unfinished?.QueueReason})");
        }

        if (level >= GrainCheckLevel.NothingDue)
        {
            Require(balance.HeldMinor == 0, when, $"{id}: {balance.HeldMinor} still held after every hold was released");
            var lastRun = ledger.LastRunDate;
            Require(lastRun == DateOnly.FromDateTime(GrainSequenceRunner.ReleasedAndDrainedAt), when, $"{id}: last settlement run {lastRun}");
            if (merchant.AccountType != AccountType.ClassII)
            {
                var due = DueOn(ledger, lastRun!.Value, includeReturned: !world.BankReturnsAtRandom);
                Require(due <= 0, when, $"{id}: {due} was due on the {lastRun:yyyy-MM-dd} run and is not paid ({balance})");
            }

            Collect(world, ledger);
        }
    }

    /// <summary>What a run on <paramref name="runDate"/> found due (as the settlement plan counts it), before limits.</summary>
    private static long DueOn(MerchantLedgerState ledger, DateOnly runDate, bool includeReturned)
    {
        long due = 0;
        foreach (var t in ledger.Transactions.Values)
        {
            due += Math.Min(t.PendingMinor, 0) + (includeReturned ? t.ReturnedMinor : 0);
            due += t.DeferredMinor > 0 && (t.DeferredOnRun is null || t.DeferredOnRun < runDate) ? t.DeferredMinor : 0;
            due += t.PendingMinor > 0 && t.ValueDate <= runDate ? t.PendingMinor : 0;
        }

        return due;
    }

    /// <summary>What the run reached, for the generator-strength guard of the test.</summary>
    private static void Collect(SettlementWorld world, MerchantLedgerState ledger)
    {
        foreach (var payout in ledger.Payouts.Values)
        {
            world.Reached.Add($"payout-{payout.Status}-{payout.Channel}".ToLowerInvariant());
            if (payout.ReturnReason == SimulatedBankGrain.ReturnedByBankReason)
            {
                world.Reached.Add("payout-returned-by-beneficiary-bank");
            }

            if (payout.QueuedAt is not null)
            {
                world.Reached.Add("payout-queued-at-closed-rail");
            }

            if (payout.Status == PayoutStatus.Credited && payout.CreditedAt is { } at)
            {
                var date = DateOnly.FromDateTime(at);
                if (date >= new DateOnly(2026, 10, 1) && date <= new DateOnly(2026, 10, 7))
                {
                    world.Reached.Add("credited-during-national-day");
                }

                if (date == new DateOnly(2026, 10, 10))
                {
                    world.Reached.Add("credited-on-make-up-saturday");
                }
            }
        }

        foreach (var t in ledger.Transactions.Values)
        {
            if (t.DeferralReason != DeferralReason.None)
            {
                world.Reached.Add($"deferred-{t.DeferralReason}".ToLowerInvariant());
            }

            if (t.HoldCount > 0)
            {
                world.Reached.Add("hold-placed");
            }
        }

        if (ledger.Refunds.Values.Any(r => r.CarriedMinor > 0))
        {
            world.Reached.Add("refund-carried-to-next-payout");
        }
    }

    private static string FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        var from = Math.Max(0, i - 120);
        return $" at {i}: rebuilt ...{a[from..Math.Min(a.Length, i + 120)]}... stored ...{b[from..Math.Min(b.Length, i + 120)]}...";
    }

    private static void Require(bool condition, string when, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{when}: {message}");
        }
    }
}
