namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>The store writer's work in a measured window (see <see cref="StoreWriterListener"/>).</summary>
public sealed record StoreWriterFigures
{
    public required long Batches { get; init; }

    public required double WritesPerBatch { get; init; }

    /// <summary>Seconds from the start of each batch to its durable commit, summed (one writer: at most the window).</summary>
    public required double BusySeconds { get; init; }

    /// <summary>Busy seconds / window seconds: near 1 the window waited on the writer.</summary>
    public required double BusyShare { get; init; }

    /// <summary>SQLite only: seconds per phase of the batches (wait for the write lock, begin, version, snapshot, records, commit).</summary>
    public required IReadOnlyDictionary<string, double> PhaseSeconds { get; init; }

    /// <summary>
    /// SQLite only: seconds of background WAL checkpoints by mode (passive and catchup run beside the writer; rewind and
    /// restart hold its write lock, so they show up in the batches' wait).
    /// </summary>
    public required IReadOnlyDictionary<string, double> CheckpointSeconds { get; init; }
}
