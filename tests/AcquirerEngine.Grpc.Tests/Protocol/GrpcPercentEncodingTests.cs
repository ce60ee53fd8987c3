namespace AcquirerEngine.Grpc.Tests.Protocol;

public sealed class GrpcPercentEncodingTests
{
    [Theory]
    [InlineData("amount_minor must be positive", "amount_minor must be positive")]
    [InlineData("100%", "100%25")]
    [InlineData("a\tb\nc", "a%09b%0Ac")]
    [InlineData("金", "%E9%87%91")]
    [InlineData("é~ ", "%C3%A9~ ")]
    [InlineData("\u007F", "%7F")]
    [InlineData("", "")]
    public void Encodes_only_what_the_spec_requires(string message, string expected) =>
        Assert.Equal(expected, GrpcPercentEncoding.Encode(message));

    [Theory]
    [InlineData("amount_minor must be positive")]
    [InlineData("金额必须为正 – 100% sure 😀")]
    [InlineData("%41%25%%")]
    [InlineData("\r\n\t\0")]
    public void Round_trips(string message) =>
        Assert.Equal(message, GrpcPercentEncoding.Decode(GrpcPercentEncoding.Encode(message)));

    [Theory]
    [InlineData("%e9%87%91", "金")] // lower-case hex is accepted
    [InlineData("100%", "100%")] // dangling % is kept
    [InlineData("%G1 and %4", "%G1 and %4")] // invalid sequences are kept verbatim
    [InlineData("%FF", "\uFFFD")] // invalid UTF-8 does not throw
    public void Decoding_is_lenient_as_the_spec_demands(string wire, string expected) =>
        Assert.Equal(expected, GrpcPercentEncoding.Decode(wire));

    [Fact]
    public void Encoded_output_is_always_printable_ascii()
    {
        var encoded = GrpcPercentEncoding.Encode("€ \u0001 \uD83D\uDE00 %");
        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
    }
}
