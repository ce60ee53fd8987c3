using AcquirerEngine.Cli;
using AcquirerEngine.Grpc;

namespace AcquirerEngine.Cli.Tests;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(StatusCode.OK, 0)]
    [InlineData(StatusCode.InvalidArgument, 2)]
    [InlineData(StatusCode.OutOfRange, 2)]
    [InlineData(StatusCode.NotFound, 3)]
    [InlineData(StatusCode.AlreadyExists, 3)]
    [InlineData(StatusCode.PermissionDenied, 3)]
    [InlineData(StatusCode.Unauthenticated, 3)]
    [InlineData(StatusCode.FailedPrecondition, 3)]
    [InlineData(StatusCode.Unavailable, 4)]
    [InlineData(StatusCode.DeadlineExceeded, 4)]
    [InlineData(StatusCode.ResourceExhausted, 4)]
    [InlineData(StatusCode.Aborted, 4)]
    [InlineData(StatusCode.Unknown, 1)]
    [InlineData(StatusCode.Internal, 1)]
    [InlineData(StatusCode.Unimplemented, 1)]
    [InlineData(StatusCode.Cancelled, 1)]
    [InlineData(StatusCode.DataLoss, 1)]
    [InlineData((StatusCode)99, 1)]
    public void Maps_each_status_to_its_class(StatusCode status, int expected) => Assert.Equal(expected, ExitCodes.ForStatus(status));

    [Fact]
    public void Every_error_status_exits_non_zero()
    {
        foreach (var status in Enum.GetValues<StatusCode>().Where(s => s != StatusCode.OK))
        {
            Assert.NotEqual(ExitCodes.Success, ExitCodes.ForStatus(status));
        }
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData((StatusCode)99, "STATUS_99")]
    public void Names_statuses_canonically(StatusCode status, string expected) => Assert.Equal(expected, StatusNames.Of(status));

    [Fact]
    public void Help_documents_every_status_class()
    {
        foreach (var status in Enum.GetValues<StatusCode>().Where(s => s != StatusCode.OK))
        {
            Assert.Contains(StatusNames.Of(status), ExitCodes.HelpText, StringComparison.Ordinal);
        }
    }
}
