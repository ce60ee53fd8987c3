using System.Text.Json;
using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>
/// Seeded random command sequences (retries, conflicts, wrong batches, voids, reversals, orphans,
/// sign-offs) checked against invariants after every step. A failure names its seed: rerun that seed.
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
            }

            var rebuilt = TerminalState.Replay(terminal.Journal);
            Require(Snapshot(rebuilt) == Snapshot(terminal.State), "replayed journal differs from live state");
            var roundTripped = JsonSerializer.Deserialize<TerminalState>(Snapshot(terminal.State))!;
            Require(Snapshot(roundTripped) == Snapshot(terminal.State), "JSON round trip differs");
            // Guard against a generator that stopped reaching the interesting paths.
            Require(terminal.Journal.OfType<SaleApproved>().Any(), "the sequence never approved a sale: weak test");
            Require(terminal.Journal.OfType<SaleDeclined>().Any(), "the sequence never declined a sale: weak test");
            Require(terminal.Journal.OfType<SaleVoided>().Any(), "the sequence never voided a sale: weak test");
            Require(terminal.Journal.OfType<SaleReversed>().Any(), "the sequence never reversed a sale: weak test");
            Require(terminal.Journal.OfType<OrphanReversalRecorded>().Any(), "the sequence never recorded an orphan: weak test");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"random sequence failed: seed {seed}, step {step}, command {command}: {ex.Message}", ex);
        }
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
        var existing = state.Sales.Values.ToList();
        if (existing.Count > 0 && random.Next(10) < 8)
        {
            var target = existing[random.Next(existing.Count)];
            stan = target.Stan;
            keyDate = random.Next(4) == 0 ? null : target.LocalDate;
            if (random.Next(10) < 7)
            {
                amount = target.AmountMinor;
            }
        }

        return random.Next(100) switch
        {
            < 3 => new SignOffCommand(Mid, Tid),
            < 10 => new SignOnCommand(Mid, Tid),
            < 55 => Sale(
                stan: (uint)random.Next(1, 25),
                amountMinor: Amounts[random.Next(Amounts.Length)],
                batchNo: random.Next(10) == 0 ? 2u : 1u,
                localTime: localTime,
                cardToken: Tokens[random.Next(Tokens.Length)]),
            < 75 => new VoidCommand(Key(stan, 1, keyDate), (uint)random.Next(100, 200), amount, HostTime),
            _ => new ReverseCommand(Key(stan, random.Next(10) == 0 ? 2u : 1u, keyDate)),
        };
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

        // Money is conserved: approved - voided - reversed = the net batch amount.
        var approved = journal.OfType<SaleApproved>().Sum(e => e.AmountMinor);
        var voided = journal.OfType<SaleVoided>().Sum(e => e.AmountMinor);
        var reversed = journal.OfType<SaleReversed>().Sum(e => e.AmountMinor);
        var totals = TerminalQueries.ComputeBatchTotals(terminal.State, 1);
        var net = totals.Sum(t => t.SaleAmountMinor);
        Require(totals.Sum(t => t.ApprovedAmountMinor) == approved, "approved amount differs from the journal");
        Require(totals.Sum(t => t.VoidedAmountMinor) == voided, "voided amount differs from the journal");
        Require(totals.Sum(t => t.ReversedAmountMinor) == reversed, "reversed amount differs from the journal");
        Require(approved - voided - reversed == net, $"approved {approved} - voided {voided} - reversed {reversed} != net {net}");
        Require(
            net == terminal.State.Sales.Values.Where(s => s.Status == TransactionStatus.Approved).Sum(s => s.AmountMinor),
            "net amount differs from the standing sales");

        // Nothing above the limit was ever approved; only batch 1 exists.
        Require(journal.OfType<SaleApproved>().All(e => e.AmountMinor <= Policy.PerSaleLimitMinor), "approved above the limit");
        Require(terminal.State.Sales.Values.All(s => s.BatchNo == 1), "a sale landed outside the open batch");
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
