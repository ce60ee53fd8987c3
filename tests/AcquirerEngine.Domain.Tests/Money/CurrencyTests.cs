using AcquirerEngine.Domain.Money;

namespace AcquirerEngine.Domain.Tests.Money;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("CNY", 156, 2)]
    [InlineData("HKD", 344, 2)]
    [InlineData("MOP", 446, 2)]
    [InlineData("TWD", 901, 2)]
    [InlineData("USD", 840, 2)]
    [InlineData("EUR", 978, 2)]
    [InlineData("JPY", 392, 0)]
    [InlineData("GBP", 826, 2)]
    [InlineData("KRW", 410, 0)]
    [InlineData("SGD", 702, 2)]
    [InlineData("KWD", 414, 3)]
    public void Iso4217_KnowsCommonCurrencies(string code, int numeric, int exponent)
    {
        Assert.True(Iso4217.TryFind(code, out var currency));
        Assert.Equal(numeric, currency.NumericCode);
        Assert.Equal(exponent, currency.MinorUnitExponent);
        Assert.True(Iso4217.TryFindByNumericCode(numeric, out var byNumeric));
        Assert.Same(currency, byNumeric);
    }

    [Fact]
    public void Iso4217_TableHasAtLeastFortyUniqueEntries()
    {
        Assert.True(Iso4217.All.Count >= 40);
        Assert.Equal(Iso4217.All.Count, Iso4217.All.Select(c => c.AlphabeticCode).Distinct().Count());
        Assert.Equal(Iso4217.All.Count, Iso4217.All.Select(c => c.NumericCode).Distinct().Count());
        Assert.All(Iso4217.All, c =>
        {
            Assert.Matches("^[A-Z]{3}$", c.AlphabeticCode);
            Assert.InRange(c.NumericCode, 1, 999);
            Assert.InRange(c.MinorUnitExponent, 0, 3);
        });
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("cny")]
    [InlineData("")]
    public void Iso4217_UnknownCodesAreNotFound(string code) =>
        Assert.False(Iso4217.TryFind(code, out _));

    [Fact]
    public void MinorUnitsPerMajorUnit_FollowsExponent()
    {
        Assert.Equal(100, Iso4217.Cny.MinorUnitsPerMajorUnit);
        Assert.Equal(1, Iso4217.Jpy.MinorUnitsPerMajorUnit);
        Assert.Equal(1000, Iso4217.Kwd.MinorUnitsPerMajorUnit);
    }

    [Fact]
    public void AcceptedCurrencies_DefaultIsCnyOnly()
    {
        Assert.True(AcceptedCurrencies.Default.Accepts(Iso4217.Cny));
        Assert.False(AcceptedCurrencies.Default.Accepts(Iso4217.Usd));
        Assert.Equal(new[] { "CNY" }, AcceptedCurrencies.Default.Codes);
    }

    [Fact]
    public void AcceptedCurrencies_FromConfiguredCodes()
    {
        var accepted = AcceptedCurrencies.FromCodes(["CNY", "HKD", "MOP"]);
        Assert.True(accepted.Accepts(Iso4217.Hkd));
        Assert.True(accepted.Accepts(Iso4217.Mop));
        Assert.False(accepted.Accepts(Iso4217.Twd));
    }

    [Fact]
    public void AcceptedCurrencies_UnknownConfiguredCodeIsAConfigurationBug() =>
        Assert.Throws<InvariantViolationException>(() => AcceptedCurrencies.FromCodes(["CNY", "XXY"]));

    [Fact]
    public void AcceptedCurrencies_ForgedDefinitionIsRefused() =>
        Assert.Throws<InvariantViolationException>(() => new AcceptedCurrencies([new Currency("CNY", 156, 3)]));
}
