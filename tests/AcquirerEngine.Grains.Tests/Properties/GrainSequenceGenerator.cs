using FsCheck;
using FsCheck.Fluent;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>
/// Random operation sequences for <see cref="GrainSettlementPropertyTests"/>: 30 to 60 steps, about a third
/// of them clock moves, started somewhere in 2026-09-28 .. 09-30 so that the run crosses the National Day
/// holiday (10-01 .. 10-07), the make-up Saturday 10-10 and the weekend 10-11.
/// </summary>
public static class GrainSequenceGenerator
{
    public const int MinSteps = 30;

    public const int MaxSteps = 60;

    /// <summary>Start offsets cover 2026-09-28 00:00 .. 09-30 23:59.</summary>
    public const int StartWindowMinutes = 3 * 24 * 60;

    private static readonly Gen<int> Raw = Gen.Choose(0, int.MaxValue);

    public static Gen<GrainOperation> Operation { get; } = Gen.Frequency(
        (22, Of(GrainOperationKind.Sale)),
        (3, Of(GrainOperationKind.SaleRetry)),
        (5, Of(GrainOperationKind.Void)),
        (4, Of(GrainOperationKind.ReverseKnown)),
        (2, Of(GrainOperationKind.ReverseUnknown)),
        (6, Of(GrainOperationKind.Refund)),
        (6, Of(GrainOperationKind.SettleBatch)),
        (4, Of(GrainOperationKind.ReleaseHold)),
        (2, Of(GrainOperationKind.RejectHold)),
        (3, Of(GrainOperationKind.ToggleMerchantFreeze)),
        (3, Of(GrainOperationKind.ToggleBankFreeze)),
        (4, Of(GrainOperationKind.Maintenance)),
        (1, Of(GrainOperationKind.CancelMaintenance)),
        (30, Of(GrainOperationKind.AdvanceClock)),
        (2, Of(GrainOperationKind.Restart)));

    public static Gen<GrainSequence> Sequence { get; } =
        from start in Gen.Choose(0, StartWindowMinutes - 1)
        from bank in Gen.Frequency((4, Gen.Constant(0)), (4, Gen.Choose(1, GrainSequenceRunner.BankProfiles.Count - 1)))
        from length in Gen.Choose(MinSteps, MaxSteps)
        from operations in Operation.ArrayOf(length)
        select new GrainSequence(start, bank, operations);

    /// <summary>With a shrinker that drops runs of steps (halves, quarters, eighths): a failing case gets shorter.</summary>
    public static Arbitrary<GrainSequence> Arbitrary { get; } = Arb.From(Sequence, Shrink);

    /// <summary>Candidates without a contiguous chunk of steps; bounded (at most 14 per round) because each candidate is a full runtime run.</summary>
    public static IEnumerable<GrainSequence> Shrink(GrainSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var operations = sequence.Operations;
        foreach (var parts in new[] { 2, 4, 8 })
        {
            var chunk = operations.Count / parts;
            if (chunk == 0)
            {
                yield break;
            }

            for (var start = 0; start + chunk <= operations.Count; start += chunk)
            {
                yield return sequence with { Operations = [.. operations.Take(start), .. operations.Skip(start + chunk)] };
            }
        }
    }

    private static Gen<GrainOperation> Of(GrainOperationKind kind) =>
        from a in Raw
        from b in Raw
        from c in Raw
        select new GrainOperation(kind, a, b, c);
}
