namespace AcquirerEngine.Server.Metrics;

/// <summary>The Prometheus metric types the exporter writes (summaries and untyped are never produced).</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
