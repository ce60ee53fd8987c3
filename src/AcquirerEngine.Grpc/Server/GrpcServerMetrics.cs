using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AcquirerEngine.Grpc;

/// <summary>
/// The server's instruments (meter "AcquirerEngine.Grpc"): calls by method and final status, their
/// latency, and message sizes. Method labels are registered routes only; a path naming no registered
/// method counts as "unknown", so a client cannot create series at will.
/// </summary>
internal static class GrpcServerMetrics
{
    public const string MeterName = "AcquirerEngine.Grpc";

    /// <summary>The method label of calls whose path names no registered method.</summary>
    public const string UnknownMethod = "unknown";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Calls = Meter.CreateCounter<long>(
        "acquirer.grpc.server.requests", "{request}", "gRPC calls handled, by method and final status code.");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "acquirer.grpc.server.duration", "s", "Time from receiving a gRPC call to sending its status, by method and status code.");

    private static readonly Histogram<long> RequestSize = Meter.CreateHistogram<long>(
        "acquirer.grpc.server.request.size", "By", "Size of each request message received (payload without the frame header), by method.");

    private static readonly Histogram<long> ResponseSize = Meter.CreateHistogram<long>(
        "acquirer.grpc.server.response.size", "By", "Size of each response message sent (payload without the frame header), by method.");

    private static readonly string[] CodeNames = [.. Enum.GetValues<StatusCode>().Select(ToUpperSnake)];

    /// <summary>The method label for a request path: the route without its leading slash.</summary>
    public static string MethodLabel(string? path) =>
        string.IsNullOrEmpty(path) ? UnknownMethod : path.TrimStart('/');

    /// <summary>The canonical name of a code as the gRPC spec writes it (INVALID_ARGUMENT).</summary>
    public static string CodeName(StatusCode code) =>
        (int)code >= 0 && (int)code < CodeNames.Length ? CodeNames[(int)code] : ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void RecordCall(string method, StatusCode code, TimeSpan elapsed)
    {
        var tags = new TagList { { "grpc_method", method }, { "grpc_code", CodeName(code) } };
        Calls.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }

    public static void RecordRequestMessage(string method, int payloadBytes) =>
        RequestSize.Record(payloadBytes, new KeyValuePair<string, object?>("grpc_method", method));

    public static void RecordResponseMessage(string method, int payloadBytes) =>
        ResponseSize.Record(payloadBytes, new KeyValuePair<string, object?>("grpc_method", method));

    private static string ToUpperSnake(StatusCode code)
    {
        var name = code.ToString();
        var result = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && char.IsLower(name[i - 1]))
            {
                result.Append('_');
            }

            result.Append(char.ToUpperInvariant(name[i]));
        }

        return result.ToString();
    }
}
