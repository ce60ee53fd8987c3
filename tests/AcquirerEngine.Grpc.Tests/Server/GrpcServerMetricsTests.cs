using AcquirerEngine.Grpc;

namespace AcquirerEngine.Grpc.Tests.Server;

public sealed class GrpcServerMetricsTests
{
    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED")]
    [InlineData(StatusCode.Unimplemented, "UNIMPLEMENTED")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    [InlineData((StatusCode)42, "42")]
    public void Status_codes_are_labelled_with_their_canonical_names(StatusCode code, string expected)
    {
        Assert.Equal(expected, GrpcServerMetrics.CodeName(code));
    }

    [Theory]
    [InlineData("/acquirer.v1.TerminalService/Sale", "acquirer.v1.TerminalService/Sale")]
    [InlineData("", "unknown")]
    [InlineData(null, "unknown")]
    public void Method_labels_are_the_route_without_its_leading_slash(string? path, string expected)
    {
        Assert.Equal(expected, GrpcServerMetrics.MethodLabel(path));
    }
}
