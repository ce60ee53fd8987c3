using AcquirerEngine.Grpc;

namespace AcquirerEngine.Cli;

/// <summary>
/// Process exit codes. They group gRPC statuses by what a calling script should do next, so scripts
/// can branch on the class without parsing the message.
/// </summary>
public static class ExitCodes
{
    /// <summary>The call succeeded.</summary>
    public const int Success = 0;

    /// <summary>A usage error (bad or missing option, found before any call) or an unclassified failure.</summary>
    public const int Failure = 1;

    /// <summary>The engine refused the request as malformed (INVALID_ARGUMENT, OUT_OF_RANGE): fix the input.</summary>
    public const int InvalidRequest = 2;

    /// <summary>
    /// The request was well-formed but refused by the engine's state or by access control (NOT_FOUND,
    /// ALREADY_EXISTS, PERMISSION_DENIED, UNAUTHENTICATED, FAILED_PRECONDITION): retrying will not help.
    /// </summary>
    public const int Rejected = 3;

    /// <summary>
    /// The engine could not answer now (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, or a
    /// health check that is not SERVING): retry later with back-off.
    /// </summary>
    public const int Unavailable = 4;

    /// <summary>The help text appended to the root command's description.</summary>
    public const string HelpText =
        "Exit codes:\n"
        + "  0  success\n"
        + "  1  usage error (bad or missing option) or another failure (UNKNOWN, INTERNAL, UNIMPLEMENTED, CANCELLED, DATA_LOSS)\n"
        + "  2  invalid request: INVALID_ARGUMENT, OUT_OF_RANGE\n"
        + "  3  rejected: NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED, UNAUTHENTICATED, FAILED_PRECONDITION\n"
        + "  4  unavailable, retry later: UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED; health not SERVING";

    /// <summary>The exit code for a call that ended with <paramref name="status"/>.</summary>
    public static int ForStatus(StatusCode status) => status switch
    {
        StatusCode.OK => Success,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => InvalidRequest,
        StatusCode.NotFound or StatusCode.AlreadyExists or StatusCode.PermissionDenied
            or StatusCode.Unauthenticated or StatusCode.FailedPrecondition => Rejected,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted
            or StatusCode.Aborted => Unavailable,
        _ => Failure,
    };
}
