namespace AcquirerEngine.Server.Configuration;

public sealed class MetricsSettings
{
    /// <summary>
    /// Plain HTTP/1.1 endpoint "host:port" serving GET /metrics (Prometheus text format), apart from gRPC.
    /// 9464 is the port Prometheus exporters built on OpenTelemetry customarily use. Port 0 picks a free
    /// port; empty disables the endpoint.
    /// </summary>
    public string Listen { get; set; } = "127.0.0.1:9464";
}
