namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>
/// The garbage collector in a measured window, per kind of collection: how many, how long they held the threads and
/// how much survived each, with the heap's generation sizes after the window's first and last collection (the
/// resident heap each gen0 pause scans cards of).
/// </summary>
public sealed record GcWindowFigures
{
    public required IReadOnlyDictionary<GcKind, GcKindFigures> ByKind { get; init; }

    /// <summary>Pauses the runtime reported outside any collection it announced in the window (rare; kept visible).</summary>
    public required double UnattributedPauseSeconds { get; init; }

    /// <summary>Bytes per generation (gen0, gen1, gen2, loh, poh) after the window's first collection.</summary>
    public required IReadOnlyList<long> GenerationBytesAfterFirst { get; init; }

    /// <summary>Bytes per generation (gen0, gen1, gen2, loh, poh) after the window's last collection.</summary>
    public required IReadOnlyList<long> GenerationBytesAfterLast { get; init; }
}
