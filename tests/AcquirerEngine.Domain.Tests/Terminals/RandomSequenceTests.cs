using System.Text.Json;
using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>
/// Seeded random command sequences (retries, conflicts, wrong batches, voids, reversals, orphans,
/// sign-offs, batch settlement with right and wrong totals, uploads, refunds) checked against invariants
/// after every step. A failure names its seed: rerun that seed.
/// </summary>
public sealed class RandomSequenceTests
{
    private const int Steps = 600;
    private static readonly TerminalPolicy Policy = new() { PerSaleLimitMinor = 50_000 };
    private static readonly long[] Amounts = [1, 999, 10_000, 50_000, 50_001, 123_456];
    private static readonly string[] Tokens = ["tok_a", "tok_b"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(1_234_567)]
    [InlineData(20_260_930)]
    public void RandomCommands_KeepInvariants(int seed)
    {
        var random = new Random(seed);
        var terminal = TerminalHarness.SignedOn(Policy);
        var step = 0;
        TerminalCommand? command = null;
        try
        {
            for (step = 0; step < Steps; step++)
            {
                command = NextCommand(random, terminal.State);
                var outcome = terminal.Execute(command);
                CheckOutcomeShape(outcome);
                CheckJournal(terminal);
                CheckEarliestOpenBatchEntry(terminal.State);
            }

            var rebuilt = TerminalState.Replay(terminal.Journal);
            Require(Snapshot(rebuilt) == Snapshot(terminal.State), "replayed journal differs from live state");
            var roundTripped = JsonSerializer.Deserialize<TerminalState>(Snapshot(terminal.State))!;
            Require(Snapshot(roundTripped) == Snapshot(terminal.State), "JSON round trip differs");
            CheckEarliestOpenBatchEntry(rebuilt);
            CheckEarliestOpenBatchEntry(roundTripped);
            // Guard against a generator that stopped reaching the interesting paths.
            Require(terminal.Journal.OfType<SaleApproved>().Any(), "the sequence never approved a sale: weak test");
            Require(terminal.Journal.OfType<SaleDeclined>().Any(), "the sequence never declined a sale: weak test");
            Require(terminal.Journal.OfType<SaleVoided>().Any(), "the sequence never voided a sale: weak test");
            Require(terminal.Journal.OfType<SaleReversed>().Any(), "the sequence never reversed a sale: weak test");
            Require(terminal.Journal.OfType<OrphanReversalRecorded>().Any(), "the sequence never recorded an orphan: weak test");
            Require(terminal.Journal.OfType<BatchClosed>().Any(c => !c.ByUpload), "the sequence never closed a balanced batch: weak test");
            Require(terminal.Journal.OfType<BatchClosed>().Any(c => c.ByUpload), "the sequence never closed a batch by upload: weak test");
            Require(terminal.Journal.OfType<BatchUploadRequired>().Any(), "the sequence never required an upload: weak test");
            Require(terminal.Journal.OfType<SaleRefunded>().Count() > 1, "the sequence hardly refunded: weak test");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"random sequence failed: seed {seed}, step {step}, command {command}: {ex.Message}", ex);
        }
    }

    /// <summary>The earliest open-batch entry the state keeps (asked after every step) is what a walk of the batch finds.</summary>
    private static void CheckEarliestOpenBatchEntry(TerminalState state)
    {
        var walked = state.Sales.Values.Where(state.IsInOpenBatch).Select(s => (DateTime?)s.LocalTime)
            .Concat(state.Refunds.Values.Where(state.IsInOpenBatch).Select(r => (DateTime?)r.LocalTime))
            .Min();
        Require(state.EarliestOpenBatchEntryAt() == walked, $"kept earliest open-batch entry {state.EarliestOpenBatchEntryAt():O} is not the walked {walked:O}");
    }

    /// <summary>
    /// Voids and reversals mostly aim at sales that exist (with the right amount most of the time), so the
    /// interesting paths are reached; the rest aim at random keys, which exercises orphans and misses.
    /// </summary>
    private static TerminalCommand NextCommand(Random random, TerminalState state)
    {
        var stan = (uint)random.Next(1, 25);
        var localTime = SaleTime.AddDays(random.Next(0, 2)).AddMinutes(random.Next(0, 3));
        DateOnly? keyDate = random.Next(3) == 0 ? null : DateOnly.FromDateTime(localTime);
        long amount = Amounts[random.Next(Amounts.Length)];
        // Mostly the open batch's sales (voids and reversals can only work there), sometimes any sale.
        var existing = state.Sales.Values.Where(state.IsInOpenBatch).ToList();
        if (existing.Count == 0 || random.Next(4) == 0)
        {
            existing = [.. state.Sales.Values];
        }

        var targetBatch = state.CurrentBatchNo;
        if (existing.Count > 0 && random.Next(10) < 8)
        {
            var target = existing[random.Next(existing.Count)];
            stan = target.Stan;
            targetBatch = target.BatchNo;
            keyDate = random.Next(4) == 0 ? null : target.LocalDate;
            if (random.Next(10) < 7)
            {
                amount = target.AmountMinor;
            }
        }

        var otherBatch = state.CurrentBatchNo + 1;
        return random.Next(100) switch
        {
            < 3 => new SignOffCommand(Mid, Tid),
            < 10 => new SignOnCommand(Mid, Tid, HostTime.AddDays(state.ClosedBatchCount)),
            < 48 => Sale(
                stan: (uint)random.Next(1, 25),
                amountMinor: Amounts[random.Next(Amounts.Length)],
                batchNo: random.Next(10) == 0 ? otherBatch : state.CurrentBatchNo,
                localTime: localTime.AddDays(state.ClosedBatchCount),
                cardToken: Tokens[random.Next(Tokens.Length)]),
            < 63 => new VoidCommand(Key(stan, targetBatch, keyDate), (uint)random.Next(100, 200), amount, HostTime),
            < 73 => new ReverseCommand(Key(stan, random.Next(10) == 0 ? otherBatch : targetBatch, keyDate)),
            < 86 => NextRefund(random, state),
            < 94 => NextSettle(random, state),
            _ => NextUpload(random, state),
        };
    }

    /// <summary>Mostly aimed at settled approved sales, with amounts around what is left to refund.</summary>
    private static RefundCommand NextRefund(Random random, TerminalState state)
    {
        var settled = state.Sales.Values.Where(s => s.Settled && s.Status == TransactionStatus.Approved).ToList();
        var candidates = settled.Count > 0 && random.Next(10) < 8 ? settled : state.Sales.Values.ToList();
        var target = candidates.Count > 0 ? candidates[random.Next(candidates.Count)] : null;
        var originalBatch = target?.BatchNo ?? 1u;
        var originalStan = target?.Stan ?? (uint)random.Next(1, 25);
        var originalDate = target?.LocalDate;
        var amount = target?.AmountMinor ?? 1_000L;
        var remaining = target is null ? 1_000L : target.AmountMinor - target.RefundedMinor;
        long[] refundAmounts = [1, Math.Max(1, remaining / 2), Math.Max(1, remaining), remaining + 1, amount];
        var refundTime = SaleTime.AddDays(state.ClosedBatchCount).AddMinutes(random.Next(0, 3));
        return new RefundCommand(
            Key(originalStan, originalBatch, random.Next(4) == 0 ? null : originalDate),
            random.Next(10) == 0 ? state.CurrentBatchNo + 1 : state.CurrentBatchNo,
            (uint)random.Next(25, 60),
            refundAmounts[random.Next(refundAmounts.Length)],
            refundTime);
    }

    /// <summary>The host's own totals most of the time (balanced), otherwise slightly wrong ones or an old batch.</summary>
    private static SettleBatchCommand NextSettle(Random random, TerminalState state)
    {
        var batchNo = random.Next(10) == 0 && state.CurrentBatchNo > 1 ? state.CurrentBatchNo - 1 : state.CurrentBatchNo;
        var host = TerminalQueries.ComputeSettlementTotals(state, batchNo);
        var totals = random.Next(10) < 6
            ? host
            : host with { SaleCount = host.SaleCount + 1, SaleAmountMinor = host.SaleAmountMinor + 1 };
        return new SettleBatchCommand(Mid, Tid, batchNo, totals, HostTime.AddDays(state.ClosedBatchCount));
    }

    /// <summary>Some of the open batch's standing sales (some with a wrong amount) plus one the host never saw.</summary>
    private static UploadBatchCommand NextUpload(Random random, TerminalState state)
    {
        var records = new Dictionary<string, UploadedSaleRecord>(StringComparer.Ordinal);
        foreach (var sale in state.Sales.Values.Where(s => state.IsInOpenBatch(s) && random.Next(4) != 0))
        {
            var amount = random.Next(5) == 0 ? sale.AmountMinor + 1 : sale.AmountMinor;
            records[SaleKeys.Of(sale.BatchNo, sale.Stan, sale.LocalDate)] =
                new UploadedSaleRecord(sale.Stan, amount, sale.Currency, sale.CardType, sale.CardToken, sale.LocalTime);
        }

        var unknown = new UploadedSaleRecord((uint)random.Next(60, 80), 777, "CNY", CardType.Credit, "tok_u", SaleTime.AddDays(state.ClosedBatchCount));
        records.TryAdd(SaleKeys.Of(state.CurrentBatchNo, unknown.Stan, unknown.LocalDate), unknown);
        return new UploadBatchCommand(Mid, Tid, state.CurrentBatchNo, [.. records.Values], HostTime.AddDays(state.ClosedBatchCount));
    }

    private static void CheckOutcomeShape(TerminalOutcome outcome)
    {
        var expectedEvents = outcome switch
        {
            SaleOutcome s => s.Result is SaleResult.Approved or SaleResult.Declined ? 1 : 0,
            VoidOutcome v => v.Result == VoidResult.Voided ? 1 : 0,
            ReverseOutcome r => r.Result is ReverseResult.Reversed or ReverseResult.OrphanRecorded ? 1 : 0,
            SignOnOutcome s => s.Result == SignOnResult.SignedOn ? 1 : 0,
            SignOffOutcome s => s.Result == SignOffResult.SignedOff ? 1 : 0,
            RefundOutcome r => r.Result == RefundResult.Refunded ? 1 : 0,
            SettleBatchOutcome s => s.Result switch
            {
                SettleBatchResult.Balanced => 1,
                SettleBatchResult.UploadRequired => s.Events.Count, // recorded only the first time per batch
                _ => 0,
            },
            UploadBatchOutcome u => u.Result == UploadBatchResult.Closed ? 1 : 0,
            _ => throw new InvalidOperationException($"unexpected outcome {outcome}"),
        };
        Require(outcome.Events.Count == expectedEvents, $"{outcome} carries {outcome.Events.Count} events, expected {expectedEvents}");
        if (outcome is SaleOutcome sale)
        {
            var hasReply = sale.Result is SaleResult.Approved or SaleResult.Declined or SaleResult.DuplicateSameBody;
            Require(hasReply == (sale.Reply is not null), $"{sale.Result} reply presence wrong");
        }
    }

    private static void CheckJournal(TerminalHarness terminal)
    {
        var journal = terminal.Journal;

        // One answer per sale identity, at most one void and one reversal, never both.
        var saleIds = journal.Where(e => e is SaleApproved or SaleDeclined).Select(e => e.RecordId).ToList();
        Require(saleIds.Count == saleIds.Distinct().Count(), "a sale identity was answered twice");
        Require(saleIds.Count == terminal.State.Sales.Count, "state and journal disagree on the number of sales");
        var cancelled = journal
            .Select(e => e switch
            {
                SaleVoided v => (v.BatchNo, v.Stan, v.LocalDate),
                SaleReversed r => (r.BatchNo, r.Stan, r.LocalDate),
                _ => ((uint, uint, DateOnly)?)null,
            })
            .Where(k => k is not null)
            .ToList();
        Require(cancelled.Count == cancelled.Distinct().Count(), "a sale was voided or reversed twice");

        // Money is conserved: approved - voided - reversed = the net amount over all batches, and the
        // refunds in the batch totals are exactly the journal's refunds.
        var state = terminal.State;
        var approved = journal.OfType<SaleApproved>().Sum(e => e.AmountMinor);
        var voided = journal.OfType<SaleVoided>().Sum(e => e.AmountMinor);
        var reversed = journal.OfType<SaleReversed>().Sum(e => e.AmountMinor);
        var totals = Enumerable.Range(1, (int)state.CurrentBatchNo)
            .SelectMany(b => TerminalQueries.ComputeBatchTotals(state, (uint)b))
            .ToList();
        var net = totals.Sum(t => t.SaleAmountMinor);
        Require(totals.Sum(t => t.RefundAmountMinor) == journal.OfType<SaleRefunded>().Sum(e => e.AmountMinor), "refunds differ from the journal");
        Require(totals.Sum(t => t.ApprovedAmountMinor) == approved, "approved amount differs from the journal");
        Require(totals.Sum(t => t.VoidedAmountMinor) == voided, "voided amount differs from the journal");
        Require(totals.Sum(t => t.ReversedAmountMinor) == reversed, "reversed amount differs from the journal");
        Require(approved - voided - reversed == net, $"approved {approved} - voided {voided} - reversed {reversed} != net {net}");
        Require(
            net == terminal.State.Sales.Values.Where(s => s.Status == TransactionStatus.Approved).Sum(s => s.AmountMinor),
            "net amount differs from the standing sales");

        // Nothing above the limit was ever approved; sales are settled exactly when their batch closed.
        Require(journal.OfType<SaleApproved>().All(e => e.AmountMinor <= Policy.PerSaleLimitMinor), "approved above the limit");
        Require(state.Sales.Values.All(s => s.BatchNo <= state.CurrentBatchNo), "a sale landed beyond the open batch");
        Require(state.Sales.Values.All(s => s.Settled == (s.BatchNo < state.CurrentBatchNo)), "a sale's settled flag disagrees with its batch");
        Require(state.Refunds.Values.All(r => r.Settled == (r.BatchNo < state.CurrentBatchNo)), "a refund's settled flag disagrees with its batch");

        // Refunds never exceed their original, only hit settled approved sales, and add up per sale.
        var refundedByOriginal = journal.OfType<SaleRefunded>()
            .GroupBy(r => (r.OriginalBatchNo, r.OriginalStan, r.OriginalLocalDate))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.AmountMinor));
        foreach (var sale in state.Sales.Values)
        {
            var refunded = refundedByOriginal.GetValueOrDefault((sale.BatchNo, sale.Stan, sale.LocalDate));
            Require(refunded == sale.RefundedMinor, $"sale {sale.Rrn}: refunded {sale.RefundedMinor}, journal says {refunded}");
            Require(sale.RefundedMinor <= sale.AmountMinor, $"sale {sale.Rrn} refunded above its amount");
            Require(sale.RefundedMinor == 0 || (sale.Settled && sale.Status == TransactionStatus.Approved), $"sale {sale.Rrn} refunded while not settled and approved");
        }

        // A closed batch never changes: its recorded totals still hold, and nothing was voided or reversed after.
        var closedAt = new Dictionary<uint, int>();
        for (var i = 0; i < journal.Count; i++)
        {
            switch (journal[i])
            {
                case BatchClosed closed:
                    closedAt[closed.BatchNo] = i;
                    Require(closed.HostTotals == TerminalQueries.ComputeSettlementTotals(state, closed.BatchNo), $"closed batch {closed.BatchNo} totals changed");
                    Require(closed.ByUpload || closed.HostTotals == closed.TerminalTotals, $"batch {closed.BatchNo} closed by 0500 with unequal totals");
                    break;
                case SaleVoided v:
                    Require(!closedAt.ContainsKey(v.BatchNo), $"sale {v.Stan} voided after batch {v.BatchNo} closed");
                    break;
                case SaleReversed r:
                    Require(!closedAt.ContainsKey(r.BatchNo), $"sale {r.Stan} reversed after batch {r.BatchNo} closed");
                    break;
            }
        }

        Require(closedAt.Count == state.ClosedBatchCount && state.CurrentBatchNo == state.ClosedBatchCount + 1, "batch numbering skipped");
        Require(terminal.State.OrphanReversals.Values.All(o => terminal.State.FindSale(o.BatchNo, o.Stan, o.LocalDate) is null
            || terminal.State.FindSale(o.BatchNo, o.Stan, o.LocalDate)!.Status == TransactionStatus.Declined),
            "an orphan reversal coexists with a sale that was not declined");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }
}
