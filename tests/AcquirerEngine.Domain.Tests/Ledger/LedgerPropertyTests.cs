using System.Globalization;
using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Testing;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

/// <summary>
/// FsCheck over random operation sequences (captures and repeats, cancels, refunds, holds, releases,
/// rejects, freezes, value date revisions, settlement runs over several dates, payout queue/sent/credited/returned). After every
/// event: R11 per clearing date (the harness), money changes only by what came in or went back to a
/// cardholder, and every payout id is instructed once. At the end: replay and JSON round trip equal the
/// live state. The seed is fixed and printed; set LEDGER_FSCHECK_REPLAY="seed,gamma" to replay another.
/// </summary>
public sealed class LedgerPropertyTests(ITestOutputHelper output)
{
    private const ulong DefaultSeed = 20_260_930UL;
    private const ulong DefaultGamma = 0x9E37_79B9_7F4A_7C15UL;
    private static readonly long[] Amounts = [1, 99, 10_000, 20_000, 250_000, 999_999, 1_000_000, 6_000_000];
    private static readonly string[] Tokens = ["tok_a", "tok_b", "tok_c", "tok_d"];

    [Fact]
    public void RandomOperationSequences_ConserveMoney_AndPayEachPayoutOnce()
    {
        var (seed, gamma) = FsCheckReplay.Read("LEDGER_FSCHECK_REPLAY", DefaultSeed, DefaultGamma);
        var replay = string.Create(CultureInfo.InvariantCulture, $"{seed},{gamma}");
        output.WriteLine($"FsCheck replay: LEDGER_FSCHECK_REPLAY=\"{replay}\"");
        var operations = Gen.Choose(0, int.MaxValue).ArrayOf(4).ArrayOf();
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(150)
            .WithStartSize(20)
            .WithEndSize(250)
            .WithReplay(seed, gamma);
        var reached = new HashSet<Type>();
        var property = Prop.ForAll(operations.ToArbitrary(), ops => RunSequence(ops, reached, replay));

        Check.One(config, property);

        // Guard against a generator that stopped reaching the interesting paths.
        foreach (var type in new[] { typeof(SaleCaptured), typeof(SaleCancelled), typeof(RefundRecorded), typeof(HoldPlaced), typeof(HoldReleased), typeof(HoldRejected), typeof(AccountFrozen), typeof(SettlementRunCompleted), typeof(PayoutQueued), typeof(PayoutSent), typeof(PayoutCredited), typeof(PayoutReturned), typeof(ValueDateRevised) })
        {
            Assert.True(reached.Contains(type), $"no sequence produced {type.Name}: weak generator");
        }
    }


    private static bool RunSequence(int[][] ops, HashSet<Type> reached, string replay)
    {
        var policy = new LedgerPolicy { ClassIIDailyInboundLimitMinor = 300_000 };
        var first = ops.Length > 0 ? ops[0][1] : 0;
        var ledger = Configured(
            first % 2 == 0 ? AccountType.Corporate : AccountType.ClassII,
            AccountDestination.Interbank,
            first % 3 == 0 ? "T0" : "T1",
            first % 3 == 0 ? 100_000 : null,
            policy);
        var world = new World();
        var step = 0;
        LedgerCommand? command = null;
        try
        {
            for (step = 0; step < ops.Length; step++)
            {
                command = NextCommand(ops[step], ledger.State, world);
                var retainedBefore = LedgerQueries.Balance(ledger.State).RetainedMinor;
                var outcome = ledger.Execute(command);
                CheckStep(ledger, outcome, retainedBefore, world);
                foreach (var ledgerEvent in outcome.Events)
                {
                    reached.Add(ledgerEvent.GetType());
                }
            }

            Require(Snapshot(MerchantLedgerState.Replay(ledger.Journal)) == Snapshot(ledger.State), "replayed journal differs from the live state");
            var events = JsonSerializer.Deserialize<List<LedgerEvent>>(JsonSerializer.Serialize<IReadOnlyList<LedgerEvent>>(ledger.Journal))!;
            Require(Snapshot(MerchantLedgerState.Replay(events)) == Snapshot(ledger.State), "journal JSON round trip differs");
            var state = JsonSerializer.Deserialize<MerchantLedgerState>(Snapshot(ledger.State))!;
            Require(Snapshot(state) == Snapshot(ledger.State), "state JSON round trip differs");
            return true;
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"ledger sequence failed (replay {replay}): step {step} of {ops.Length}, command {command}: {ex.Message}", ex);
        }
    }

    /// <summary>Money on the left of R11 moves only by the event kinds that bring it in or send it to a cardholder.</summary>
    private static void CheckStep(LedgerHarness ledger, LedgerOutcome outcome, long retainedBefore, World world)
    {
        var expected = retainedBefore;
        foreach (var ledgerEvent in outcome.Events)
        {
            expected += ledgerEvent switch
            {
                SaleCaptured c => c.AmountMinor,
                SaleCancelled c => -c.AmountMinor,
                RefundRecorded r => -r.AmountMinor,
                HoldRejected r => -r.AmountMinor,
                _ => 0,
            };
            if (ledgerEvent is SettlementRunCompleted { PayoutId: { } payoutId })
            {
                Require(world.PayoutIds.Add(payoutId), $"payout {payoutId} instructed twice");
            }
        }

        var balance = LedgerQueries.Balance(ledger.State);
        Require(balance.RetainedMinor == expected, $"money created or destroyed: retained {balance.RetainedMinor}, expected {expected}");
        Require(balance.IsConserved, "R11 broken");
        Require(ledger.State.Payouts.Count == world.PayoutIds.Count, "payouts in state differ from payouts instructed");
        switch (outcome)
        {
            case CaptureOutcome { Result: CaptureResult.Duplicate or CaptureResult.ConflictDifferentBody } o:
                Require(o.Events.Count == 0, "a repeated capture appended");
                break;
            case LedgerRefundOutcome { Result: LedgerRefundResult.Duplicate or LedgerRefundResult.ConflictDifferentBody or LedgerRefundResult.ExceedsOriginal } o:
                Require(o.Events.Count == 0, "a refused refund appended");
                break;
            case PayoutOutcome { Result: PayoutResult.ConflictDifferentTrace } o:
                Require(o.Events.Count == 0, "a payout was sent twice");
                break;
        }

        foreach (var transaction in ledger.State.Transactions.Values)
        {
            Require(transaction.RefundedMinor + transaction.RejectedMinor + transaction.CancelledMinor <= transaction.AmountMinor, $"{transaction.TransactionId}: more went back than came in");
        }
    }

    private static LedgerCommand NextCommand(int[] op, MerchantLedgerState state, World world)
    {
        var kind = op[0] % 100;
        var (a, b) = (op[1], op[2]);
        var time = world.Today.ToDateTime(new TimeOnly(0, 0)).AddMinutes(op[3] % 1_440);
        var transactions = state.TransactionsInOrder().ToList();
        var target = transactions.Count > 0 ? transactions[a % transactions.Count] : null;
        var payouts = state.Payouts.Values.OrderBy(p => p.RunDate).ToList();
        var payout = payouts.Count > 0 ? payouts[a % payouts.Count] : null;

        switch (kind)
        {
            case < 25:
            {
                var amount = Amounts[a % Amounts.Length];
                var fee = amount * (b % 7) / 1_000;
                return new CaptureSaleCommand(Mid, $"tx-{++world.Captures}", amount, fee, b % 2 == 0 ? CardType.Debit : CardType.Credit,
                    Tokens[b % Tokens.Length], time, world.Today, world.Today.AddDays(b % 3), ValueDateProvisional: op[3] % 2 == 0);
            }

            case < 30 when target is not null:
                return new CaptureSaleCommand(Mid, target.TransactionId, target.AmountMinor + (b % 4 == 0 ? 1 : 0), target.CapturedFeeMinor, target.CardType,
                    target.CardToken, target.LocalTime, target.ClearingDate, target.CapturedValueDate);
            case < 38 when target is not null:
                return new CancelSaleCommand(Mid, target.TransactionId, b % 2 == 0 ? CancelKind.Void : CancelKind.Reversal, time);
            case < 50 when target is not null:
            {
                var refundable = Math.Max(target.RefundableMinor, 1);
                var amount = 1 + (b % (refundable + refundable / 4 + 1));
                var refundId = b % 10 == 0 && world.Refunds > 0 ? $"rf-{1 + (b % world.Refunds)}" : $"rf-{++world.Refunds}";
                return new RecordRefundCommand(Mid, target.TransactionId, refundId, amount, time);
            }

            case < 56 when target is not null:
                return new PlaceHoldCommand(Mid, target.TransactionId, "operator review", time);
            case < 62 when target is not null:
                return new ReleaseHoldCommand(Mid, target.TransactionId, time);
            case < 65 when target is not null:
                return new RejectHoldCommand(Mid, target.TransactionId, "refused on review", time);
            case < 68:
                return state.Frozen ? new UnfreezeAccountCommand(Mid, time) : new FreezeAccountCommand(Mid, "bank notice", time);
            case < 80:
            {
                // Mostly the next day or the same day again; sometimes an old date (must be refused).
                var runDate = b % 10 == 0 ? world.Today.AddDays(-2) : world.Today;
                if (b % 3 != 0)
                {
                    world.Today = world.Today.AddDays(1);
                }

                return new SettleCommand(Mid, runDate, runDate.ToDateTime(new TimeOnly(18, 0)));
            }

            case < 84 when target is not null:
                // A calendar load moves a provisional value date either way (a make-up day can bring it earlier).
                return new ReviseValueDatesCommand(
                    Mid, [new RecomputedValueDate(target.TransactionId, target.ClearingDate.AddDays(b % 4), b % 3 == 0)], time);
            case < 100 when payout is not null:
                return (b % 4) switch
                {
                    0 => new RecordPayoutQueuedCommand(Mid, payout.PayoutId, "HVPS", "HVPS closed", time),
                    1 => new RecordPayoutSentCommand(Mid, payout.PayoutId, "BEPS", b % 8 == 1 ? "trace-other" : $"trace-{payout.PayoutId}", time),
                    2 => new RecordPayoutCreditedCommand(Mid, payout.PayoutId, time),
                    _ => new RecordPayoutReturnedCommand(Mid, payout.PayoutId, b % 2 == 0 ? "account frozen" : "account closed", time),
                };
            default:
                return new SettleCommand(Mid, world.Today, world.Today.ToDateTime(new TimeOnly(18, 0)));
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private sealed class World
    {
        public DateOnly Today { get; set; } = new(2026, 9, 28);

        public int Captures { get; set; }

        public int Refunds { get; set; }

        public HashSet<string> PayoutIds { get; } = new(StringComparer.Ordinal);
    }
}
