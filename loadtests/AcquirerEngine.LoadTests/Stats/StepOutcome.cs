namespace AcquirerEngine.LoadTests.Stats;

/// <summary>
/// How one step ended: ok, or failed with a status (a gRPC status code name such as "UNAVAILABLE", or a
/// harness verdict such as "DECLINED" or "DUPLICATE_MISMATCH"); the bytes sent and received.
/// </summary>
public readonly record struct StepOutcome(bool Ok, string Status, long BytesSent, long BytesReceived)
{
    public const string OkStatus = "OK";

    public static StepOutcome Success(long sent, long received) => new(true, OkStatus, sent, received);

    public static StepOutcome Failure(string status, long sent, long received = 0) => new(false, status, sent, received);
}
