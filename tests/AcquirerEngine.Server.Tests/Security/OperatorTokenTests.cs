using System.Text;
using AcquirerEngine.Server.Security;
using AcquirerEngine.Server.Tests.EndToEnd;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.Security;

public sealed class OperatorTokenTests
{
    [Fact]
    public void A_generated_token_is_random_owner_only_kept_and_reported_only_the_first_time()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        var created = OperatorToken.LoadOrCreate(first.Path);
        var reloaded = OperatorToken.LoadOrCreate(first.Path);
        var elsewhere = OperatorToken.LoadOrCreate(second.Path);

        Assert.True(created.GeneratedNow);
        Assert.False(reloaded.GeneratedNow);
        Assert.Null(reloaded.GeneratedValue);
        Assert.True(reloaded.Accepts("Bearer " + created.GeneratedValue));
        Assert.False(elsewhere.Accepts("Bearer " + created.GeneratedValue));
        Assert.True(created.GeneratedValue!.Length >= 32);
        Assert.Equal(Encoding.ASCII.GetBytes(created.GeneratedValue), File.ReadAllBytes(Path.Combine(first.Path, "operator-token")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(first.Path, "operator-token")));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Basic configured-token-0123456789")]
    [InlineData("Bearer configured-token-012345678")]
    [InlineData("Bearer configured-token-01234567890")]
    public void Anything_but_the_exact_bearer_token_is_refused(string? header)
    {
        var token = OperatorToken.FromConfigured("configured-token-0123456789");

        Assert.False(token.Accepts(header));
        Assert.True(token.Accepts("Bearer configured-token-0123456789"));
    }

    [Fact]
    public void A_configured_token_shorter_than_16_characters_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => OperatorToken.FromConfigured("short"));
    }
}
