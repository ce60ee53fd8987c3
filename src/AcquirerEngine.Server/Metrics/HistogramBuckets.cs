namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// Explicit bucket bounds for histograms whose instrument gives no advice, chosen by the base unit:
/// latencies from 100 µs to 10 s, message sizes from 64 B to 16 MiB, and counts (batch sizes) from 1 to 10 000.
/// </summary>
public static class HistogramBuckets
{
    public static readonly IReadOnlyList<double> Seconds =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly IReadOnlyList<double> Bytes =
        [64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216];

    public static readonly IReadOnlyList<double> Counts =
        [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

    /// <summary>Default bounds for a histogram whose base-unit suffix is <paramref name="suffix"/>.</summary>
    public static IReadOnlyList<double> ForSuffix(string suffix) => suffix switch
    {
        "seconds" => Seconds,
        "bytes" => Bytes,
        _ => Counts,
    };
}
