namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>What a garbage collection condemned and how it ran: pauses differ by an order of magnitude between kinds.</summary>
public enum GcKind
{
    Gen0,
    Gen1,

    /// <summary>A full collection that holds every thread for its whole length.</summary>
    Gen2Blocking,

    /// <summary>A full collection that runs beside the program; only its start and its final mark pause threads.</summary>
    Gen2Background,
}
