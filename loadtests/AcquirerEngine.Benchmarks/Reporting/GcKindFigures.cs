namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>The collections of one <see cref="GcKind"/> in a measured window (see <see cref="GcWindowTally"/>).</summary>
public sealed record GcKindFigures
{
    public required int Collections { get; init; }

    /// <summary>Seconds every managed thread was suspended for these collections, summed.</summary>
    public required double PauseSeconds { get; init; }

    /// <summary>Of <see cref="PauseSeconds"/>: waiting for the threads to stop (long on a machine whose cores are busy elsewhere).</summary>
    public required double SuspendSeconds { get; init; }

    /// <summary>The longest single pause, milliseconds.</summary>
    public required double MaxPauseMilliseconds { get; init; }

    /// <summary>Bytes that survived these collections and were copied or kept (promoted), averaged per collection.</summary>
    public required long PromotedBytesPerCollection { get; init; }

    /// <summary>
    /// Bytes marked per collection by where the marking found them: "older" is through the card table (old objects
    /// written to point at young ones), "stack" live locals, "handles" GC handles, and so on (the runtime's own names).
    /// </summary>
    public required IReadOnlyDictionary<string, long> MarkedBytesPerCollectionByRoot { get; init; }
}
