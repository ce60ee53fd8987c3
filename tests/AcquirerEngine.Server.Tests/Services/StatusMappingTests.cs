using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Server.Services;

namespace AcquirerEngine.Server.Tests.Services;

public sealed class StatusMappingTests
{
    private static readonly GrainId Terminal = new("terminal", "T0000001");

    public static TheoryData<Exception, StatusCode> RuntimeRefusals => new()
    {
        { new MailboxFullException(Terminal, 1024), StatusCode.ResourceExhausted },
        { new ActivationLimitExceededException(Terminal, 10), StatusCode.ResourceExhausted },
        { new InconsistentStateException(Terminal, 3, 4), StatusCode.Unavailable },
    };

    [Theory]
    [MemberData(nameof(RuntimeRefusals))]
    public async Task Runtime_bounds_become_retryable_statuses(Exception refusal, StatusCode expected)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => StatusMapping.CallGrainAsync<int>(() => throw refusal));

        Assert.Equal(expected, error.StatusCode);
    }

    [Theory]
    [MemberData(nameof(RuntimeRefusals))]
    public void A_hot_path_filter_maps_the_same_refusals(Exception refusal, StatusCode expected)
    {
        Assert.True(StatusMapping.TryMapGrainFailure(refusal, out var status));
        Assert.Equal(expected, status.StatusCode);
    }

    [Fact]
    public void A_hot_path_filter_leaves_other_exceptions_alone()
    {
        Assert.False(StatusMapping.TryMapGrainFailure(new InvalidOperationException("bug"), out var status));
        Assert.Null(status);
    }

    [Fact]
    public async Task Other_exceptions_are_bugs_and_pass_through_to_be_logged()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StatusMapping.CallGrainAsync<int>(() => throw new InvalidOperationException("bug")));
    }

    [Fact]
    public void Invalid_argument_names_the_first_field_and_counts_the_rest()
    {
        var error = StatusMapping.InvalidArgument(
        [
            new ValidationError("amount_minor", "amount_minor must be greater than 0"),
            new ValidationError("stan", "stan must be between 1 and 999999"),
        ]);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("amount_minor must be greater than 0 (and 1 more: stan)", error.Detail);
    }

    public static TheoryData<Exception> StoreFailures => new()
    {
        new Microsoft.Data.Sqlite.SqliteException("database or disk is full: /data/acquirer.db-wal", 13),
        new Npgsql.NpgsqlException("Exception while reading from stream (db-primary.internal:5432)"),
        new RemoteGrainException(Terminal, "Npgsql.PostgresException", "57P01: terminating connection due to administrator command"),
        new RemoteGrainException(Terminal, "Microsoft.Data.Sqlite.SqliteException", "SQLite Error 10: 'disk I/O error'."),
    };

    [Theory]
    [MemberData(nameof(StoreFailures))]
    public void A_store_failure_here_or_on_the_records_node_is_unavailable_without_the_stores_own_message(Exception failure)
    {
        var status = StatusMapping.ForUnexpected(failure);

        Assert.NotNull(status);
        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
        Assert.Equal(StatusMapping.StorageFailed, status.Detail);
        Assert.DoesNotContain(failure.Message, status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_unexpected_exceptions_are_left_unknown()
    {
        Assert.Null(StatusMapping.ForUnexpected(new InvalidOperationException("bug")));
        Assert.Null(StatusMapping.ForUnexpected(new RemoteGrainException(Terminal, typeof(InvalidOperationException).FullName!, "bug")));
    }
}
