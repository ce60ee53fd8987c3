using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc.Tests.Infrastructure;

namespace AcquirerEngine.Grpc.Tests.Protocol;

public sealed class GrpcFramingTests
{
    [Fact]
    public async Task Frame_then_read_round_trips_and_reads_end_of_stream_as_null()
    {
        var message = new SaleRequest { MerchantId = "M1", AmountMinor = 1234 };
        using var stream = new MemoryStream([.. GrpcFraming.Frame(message, null), .. GrpcFraming.Frame(message, null)]);

        var first = await GrpcFraming.ReadAsync(stream, 1024, CancellationToken.None);
        var second = await GrpcFraming.ReadAsync(stream, 1024, CancellationToken.None);
        var end = await GrpcFraming.ReadAsync(stream, 1024, CancellationToken.None);

        Assert.False(first!.Compressed);
        Assert.Equal(message, SaleRequest.Parser.ParseFrom(first.Payload));
        Assert.Equal(message, SaleRequest.Parser.ParseFrom(second!.Payload));
        Assert.Null(end);
    }

    [Fact]
    public void Frame_has_a_zero_flag_and_big_endian_length()
    {
        var frame = GrpcFraming.Frame(new SaleRequest { MerchantId = new string('m', 300) }, null);

        Assert.Equal(0, frame[0]);
        Assert.Equal(frame.Length - 5, (frame[1] << 24) | (frame[2] << 16) | (frame[3] << 8) | frame[4]);
    }

    [Fact]
    public async Task Size_limits_are_enforced_from_the_prefix_on_both_directions()
    {
        var big = new SaleRequest { MerchantId = new string('m', 200) };
        var send = Assert.Throws<RpcException>(() => GrpcFraming.Frame(big, 100));
        using var stream = new MemoryStream(Wire.Frame([], 0)[..1].Concat(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }).ToArray());
        var receive = await Assert.ThrowsAsync<RpcException>(async () => await GrpcFraming.ReadAsync(stream, 100, CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, send.StatusCode);
        Assert.Contains("vs. 100", send.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, receive.StatusCode);
        Assert.Contains("2147483647 vs. 100", receive.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 5, 1, 2 })]
    [InlineData(new byte[] { 2, 0, 0, 0, 0 })]
    public async Task Truncated_frames_and_bad_flags_are_internal(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await GrpcFraming.ReadAsync(stream, null, CancellationToken.None));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }
}
