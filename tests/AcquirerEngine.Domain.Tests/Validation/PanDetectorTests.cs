using AcquirerEngine.Domain.Validation;

namespace AcquirerEngine.Domain.Tests.Validation;

public sealed class PanDetectorTests
{
    [Theory]
    [InlineData("4111111111111111")] // Visa test PAN
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("4242424242424242")]
    [InlineData("5555555555554444")] // Mastercard test PAN
    [InlineData("378282246310005")] // Amex test PAN, 15 digits
    [InlineData("6200000000000005")] // UnionPay test PAN
    [InlineData("4222222222222")] // 13-digit Visa test PAN
    public void LooksLikePan_DetectsLuhnValidCardNumbers(string value) =>
        Assert.True(PanDetector.LooksLikePan(value));

    [Theory]
    [InlineData("4111111111111112")] // Luhn fails: a numeric token may look like this
    [InlineData("411111111111")] // 12 digits: too short for a PAN
    [InlineData("41111111111111111111")] // 20 digits: too long
    [InlineData("tok_4111111111111111")] // a token that embeds digits is still a token
    [InlineData("9f86d081884c7d65")]
    [InlineData("")]
    public void LooksLikePan_LeavesTokensAlone(string value) =>
        Assert.False(PanDetector.LooksLikePan(value));

    [Fact]
    public void LooksLikePan_RandomTokensPass()
    {
        var random = new Random(424242);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_";
        for (var i = 0; i < 1000; i++)
        {
            var token = "tok_" + new string(Enumerable.Range(0, 24).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.False(PanDetector.LooksLikePan(token), token);
        }
    }

    [Fact]
    public void PassesLuhn_KnownVectors()
    {
        Assert.True(PanDetector.PassesLuhn([7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3])); // Wikipedia's example
        Assert.False(PanDetector.PassesLuhn([7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 4]));
    }
}
