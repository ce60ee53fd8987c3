namespace AcquirerEngine.Server.Metrics;

/// <summary>How a measurement changes its series.</summary>
internal enum MeasurementKind
{
    /// <summary>Counters and up-down counters: the measurement is a delta.</summary>
    Add,

    /// <summary>Gauges and observable counters: the measurement is the current (or cumulative) value.</summary>
    Set,

    /// <summary>Histograms: the measurement is one observation.</summary>
    Observe,
}
