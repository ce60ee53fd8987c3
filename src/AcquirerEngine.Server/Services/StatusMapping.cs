using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Server.Services;

/// <summary>
/// The one place where rejections become gRPC statuses. Domain rejections arrive as outcome enums and
/// are mapped by the services with these helpers; runtime back-pressure arrives as exceptions and is
/// mapped by <see cref="CallGrainAsync{T}"/>.
/// </summary>
public static class StatusMapping
{
    /// <summary>INVALID_ARGUMENT naming the first bad field (the message always starts with or contains it).</summary>
    public static RpcException InvalidArgument(IReadOnlyList<ValidationError> errors)
    {
        var first = errors[0];
        var detail = first.Message.Contains(first.Field, StringComparison.Ordinal) ? first.Message : first.ToString();
        if (errors.Count > 1)
        {
            detail += $" (and {errors.Count - 1} more: {string.Join(", ", errors.Skip(1).Select(e => e.Field))})";
        }

        return new RpcException(StatusCode.InvalidArgument, detail);
    }

    /// <summary>A method the contract names whose implementation has not landed in this engine version yet.</summary>
    public static RpcException NotYetServed(string method) =>
        new(StatusCode.Unimplemented, $"{method} is not served by this engine version yet");

    /// <summary>The validated value, or INVALID_ARGUMENT naming the first bad field.</summary>
    public static T Valid<T>(Validated<T> validated)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(validated);
        return validated.IsValid ? validated.Value : throw InvalidArgument(validated.Errors);
    }

    public static RpcException TerminalNotFound(string terminalId) =>
        new(StatusCode.NotFound, $"terminal_id {terminalId} is not registered");

    public static RpcException MerchantNotFound(string merchantId) =>
        new(StatusCode.NotFound, $"merchant_id {merchantId} is not onboarded");

    public static RpcException TerminalOfAnotherMerchant(string terminalId, string merchantId) =>
        new(StatusCode.PermissionDenied, $"terminal_id {terminalId} does not belong to merchant_id {merchantId}");

    /// <summary>
    /// Runs a grain call, turning the runtime's bounds into retryable statuses: a full mailbox or the
    /// activation limit is RESOURCE_EXHAUSTED (back off), a stale owner is UNAVAILABLE (retry: the
    /// grain reloads from the store). Nothing was recorded in any of these cases.
    /// </summary>
    public static async Task<T> CallGrainAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception ex) when (TryMapGrainFailure(ex, out var status))
        {
            throw status;
        }
    }

    /// <summary>
    /// The status a grain call's failure maps to (see <see cref="CallGrainAsync{T}"/>); false for any other
    /// exception, which propagates unchanged. A hot path awaits its grain inside its own try with this as the
    /// filter, so it needs no closure, delegate or extra async frame per call.
    /// </summary>
    public static bool TryMapGrainFailure(Exception exception, [NotNullWhen(true)] out RpcException? status)
    {
        ArgumentNullException.ThrowIfNull(exception);
        status = exception switch
        {
            MailboxFullException ex =>
                new RpcException(StatusCode.ResourceExhausted, $"the engine is busy ({ex.Message}); retry with back-off"),
            ActivationLimitExceededException ex =>
                new RpcException(StatusCode.ResourceExhausted, $"the engine is at its activation limit ({ex.Message}); retry with back-off"),
            InconsistentStateException => new RpcException(StatusCode.Unavailable, "the record was changed concurrently; retry"),

            // A cluster shard between owners, or its owner unreachable: nothing ran, the same request may be repeated.
            GrainUnavailableException ex => new RpcException(
                StatusCode.Unavailable,
                $"the owner of this record is changing nodes; retry after {ex.RetryAfter.TotalMilliseconds:F0} ms",
                new Metadata { { RetryAfterTrailer, ((long)ex.RetryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } }),
            RemoteGrainException ex when ex.RemoteType == typeof(MailboxFullException).FullName || ex.RemoteType == typeof(ActivationLimitExceededException).FullName =>
                new RpcException(StatusCode.ResourceExhausted, $"the engine is busy ({ex.Message}); retry with back-off"),

            // This node lost the record's shard while serving the call: the store refused the write, nothing changed.
            FencedWriteException => new RpcException(StatusCode.Unavailable, "the owner of this record moved to another node; retry"),
            RemoteGrainException ex when ex.RemoteType == typeof(InconsistentStateException).FullName || ex.RemoteType == typeof(FencedWriteException).FullName =>
                new RpcException(StatusCode.Unavailable, "the record was changed concurrently; retry"),
            _ => null,
        };
        return status is not null;
    }

    /// <summary>
    /// The status of an exception no handler expected, chosen after the gRPC server has logged it
    /// (<see cref="GrpcServerOptions.UnexpectedExceptionStatus"/>): the store failing to commit or read (a full disk, an
    /// I/O error, a lost database connection), here or on the node that owns the record, is UNAVAILABLE, since nothing
    /// was confirmed and the terminal may repeat the request; anything else stays UNKNOWN (a bug). The store's own
    /// message stays in the log: it can name hosts and files.
    /// </summary>
    public static RpcException? ForUnexpected(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var storageFailed = exception is DbException
            || (exception is RemoteGrainException remote && StoreExceptionTypes.Contains(remote.RemoteType));
        return storageFailed ? new RpcException(StatusCode.Unavailable, StorageFailed) : null;
    }

    /// <summary>What a terminal is told when the store failed under its request.</summary>
    public const string StorageFailed =
        "the engine could not reach its storage, so this request is not confirmed; repeat it unchanged (a repeat of a recorded request is answered from its record)";

    // A remote node's exception arrives by type name; these are the stores' DbException types.
    private static readonly HashSet<string> StoreExceptionTypes =
        ["Microsoft.Data.Sqlite.SqliteException", "Npgsql.NpgsqlException", "Npgsql.PostgresException"];

    /// <summary>Trailer of an UNAVAILABLE answer: milliseconds to wait before retrying.</summary>
    public const string RetryAfterTrailer = Cluster.Routing.ClusterHeaders.RetryAfterMilliseconds;
}
