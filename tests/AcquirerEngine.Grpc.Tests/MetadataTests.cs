namespace AcquirerEngine.Grpc.Tests;

public sealed class MetadataTests
{
    [Fact]
    public void Keys_are_lower_cased_and_lookups_are_case_insensitive()
    {
        var metadata = new Metadata().Add("X-Trace", "1").Add("x-trace", "2");

        Assert.Equal("2", metadata.GetValue("X-TRACE"));
        Assert.Equal(["1", "2"], metadata.GetAll("x-trace"));
        Assert.All(metadata, e => Assert.Equal("x-trace", e.Key));
    }

    [Theory]
    [InlineData("grpc-status")]
    [InlineData("grpc-message")]
    [InlineData(":path")]
    [InlineData("content-type")]
    [InlineData("te")]
    [InlineData("bad key")]
    [InlineData("")]
    public void Reserved_or_invalid_keys_are_refused(string key) =>
        Assert.Throws<ArgumentException>(() => new Metadata().Add(key, "v"));

    [Fact]
    public void Non_ascii_or_control_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-a", "line\r\nx-injected: 1"));
        Assert.Throws<ArgumentException>(() => new Metadata().Add("x-a", "金"));
    }
}
