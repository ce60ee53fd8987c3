using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;

namespace AcquirerEngine.Domain.Tests.Validation;

public sealed class SaleValidationTests
{
    private static readonly SaleRequestInput ValidInput = new(
        MerchantId: "898310048161234",
        TerminalId: "T0000001",
        BatchNo: 1,
        Stan: 123,
        AmountMinor: 10_000,
        Currency: "CNY",
        CardType: CardType.Debit,
        CardToken: "tok_4f9a2c",
        LocalTime: "2026-09-30T22:30:00");

    private static ValidationError SingleError(SaleRequestInput input, ValidationPolicy? policy = null)
    {
        var result = new TerminalRequestValidator(policy ?? ValidationPolicy.Default).ValidateSale(input);
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void ValidInput_BuildsSaleCommand()
    {
        var result = TerminalRequestValidator.Default.ValidateSale(ValidInput);

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Null(result.FirstError);
        var command = result.Value;
        Assert.Equal("898310048161234", command.MerchantId);
        Assert.Equal("T0000001", command.TerminalId);
        Assert.Equal(1u, command.BatchNo);
        Assert.Equal(123u, command.Stan);
        Assert.Equal(10_000, command.AmountMinor);
        Assert.Same(Iso4217.Cny, command.Currency);
        Assert.Equal(CardType.Debit, command.CardType);
        Assert.Equal("tok_4f9a2c", command.CardToken);
        Assert.Equal(new DateTime(2026, 9, 30, 22, 30, 0), command.LocalTime);
        Assert.Equal(DateTimeKind.Unspecified, command.LocalTime.Kind);
        Assert.Equal(new DateOnly(2026, 9, 30), command.LocalDate);
    }

    [Theory]
    [InlineData(null, "merchant_id is required")]
    [InlineData("", "merchant_id is required")]
    [InlineData("8983100481612345", "merchant_id must be 1-15 ASCII letters or digits")] // 16 chars
    [InlineData("898310-48161234", "merchant_id must be 1-15 ASCII letters or digits")]
    [InlineData("商户001", "merchant_id must be 1-15 ASCII letters or digits")]
    public void MerchantId_Rules(string? value, string message)
    {
        var error = SingleError(ValidInput with { MerchantId = value });
        Assert.Equal("merchant_id", error.Field);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("M")]
    [InlineData("abcDEF123456789")]
    public void MerchantId_Accepts1To15Alphanumerics(string value) =>
        Assert.True(TerminalRequestValidator.Default.ValidateSale(ValidInput with { MerchantId = value }).IsValid);

    [Theory]
    [InlineData(null, "terminal_id is required")]
    [InlineData("", "terminal_id is required")]
    [InlineData("T00000012", "terminal_id must be 1-8 ASCII letters or digits")] // 9 chars
    [InlineData("T 000001", "terminal_id must be 1-8 ASCII letters or digits")]
    public void TerminalId_Rules(string? value, string message)
    {
        var error = SingleError(ValidInput with { TerminalId = value });
        Assert.Equal("terminal_id", error.Field);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1_000_000u)]
    public void BatchNo_Between1And999999(uint value)
    {
        var error = SingleError(ValidInput with { BatchNo = value });
        Assert.Equal("batch_no", error.Field);
        Assert.Equal("batch_no must be between 1 and 999999", error.Message);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1_000_000u)]
    [InlineData(uint.MaxValue)]
    public void Stan_Between1And999999(uint value)
    {
        var error = SingleError(ValidInput with { Stan = value });
        Assert.Equal("stan", error.Field);
        Assert.Equal("stan must be between 1 and 999999", error.Message);
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(999_999u)]
    public void BatchNoAndStan_BoundsAreValid(uint value) =>
        Assert.True(TerminalRequestValidator.Default.ValidateSale(ValidInput with { BatchNo = value, Stan = value }).IsValid);

    [Theory]
    [InlineData(0L, "amount_minor must be greater than 0")]
    [InlineData(-1L, "amount_minor must be greater than 0")]
    [InlineData(long.MinValue, "amount_minor must be greater than 0")]
    [InlineData(100_001L, "amount_minor must not exceed 100000")]
    public void AmountMinor_PositiveAndAtMostConfiguredMaximum(long value, string message)
    {
        var policy = new ValidationPolicy { MaxAmountMinor = 100_000 };
        var error = SingleError(ValidInput with { AmountMinor = value }, policy);
        Assert.Equal("amount_minor", error.Field);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void AmountMinor_MaximumItselfIsValid()
    {
        var validator = new TerminalRequestValidator(new ValidationPolicy { MaxAmountMinor = 100_000 });
        Assert.True(validator.ValidateSale(ValidInput with { AmountMinor = 100_000 }).IsValid);
    }

    [Fact]
    public void AmountMinor_DefaultMaximumIsTheIso8583FieldWidth()
    {
        Assert.True(TerminalRequestValidator.Default.ValidateSale(ValidInput with { AmountMinor = 999_999_999_999 }).IsValid);
        Assert.Equal("amount_minor", SingleError(ValidInput with { AmountMinor = 1_000_000_000_000 }).Field);
    }

    [Fact]
    public void Currency_Required()
    {
        var error = SingleError(ValidInput with { Currency = "" });
        Assert.Equal(new ValidationError("currency", "currency is required"), error);
    }

    [Theory]
    [InlineData("cny")]
    [InlineData("CN")]
    [InlineData("CNYY")]
    [InlineData("156")]
    public void Currency_MustBeUpperCaseAlphabeticCode(string value)
    {
        var error = SingleError(ValidInput with { Currency = value });
        Assert.Equal(new ValidationError("currency", "currency must be a 3-letter upper-case ISO 4217 code"), error);
    }

    [Fact]
    public void Currency_UnknownIsNotTheSameErrorAsNotAccepted()
    {
        var unknown = SingleError(ValidInput with { Currency = "XYZ" });
        var notAccepted = SingleError(ValidInput with { Currency = "USD" });

        Assert.Equal(new ValidationError("currency", "currency 'XYZ' is not an ISO 4217 currency"), unknown);
        Assert.Equal(new ValidationError("currency", "currency 'USD' is not accepted by this acquirer (accepted: CNY)"), notAccepted);
    }

    [Fact]
    public void Currency_ConfiguredSetIsHonoured()
    {
        var validator = new TerminalRequestValidator(new ValidationPolicy { AcceptedCurrencies = AcceptedCurrencies.FromCodes(["CNY", "HKD"]) });

        var hkd = validator.ValidateSale(ValidInput with { Currency = "HKD" });
        Assert.True(hkd.IsValid);
        Assert.Same(Iso4217.Hkd, hkd.Value.Currency);
        var mop = validator.ValidateSale(ValidInput with { Currency = "MOP" });
        Assert.Equal("currency 'MOP' is not accepted by this acquirer (accepted: CNY, HKD)", mop.FirstError?.Message);
    }

    [Theory]
    [InlineData(CardType.Unspecified)]
    [InlineData((CardType)3)]
    [InlineData((CardType)(-1))]
    public void CardType_MustBeDebitOrCredit(CardType value)
    {
        var error = SingleError(ValidInput with { CardType = value });
        Assert.Equal(new ValidationError("card_type", "card_type must be debit or credit"), error);
    }

    [Fact]
    public void CardType_CreditIsValid() =>
        Assert.Equal(CardType.Credit, TerminalRequestValidator.Default.ValidateSale(ValidInput with { CardType = CardType.Credit }).Value?.CardType);

    [Theory]
    [InlineData(null, "card_token is required")]
    [InlineData("", "card_token is required")]
    [InlineData("tok_\u00e9", "card_token must be printable ASCII")]
    [InlineData("tok\t1", "card_token must be printable ASCII")]
    [InlineData("tok\u007f", "card_token must be printable ASCII")]
    public void CardToken_RequiredAndPrintableAscii(string? value, string message)
    {
        var error = SingleError(ValidInput with { CardToken = value });
        Assert.Equal(new ValidationError("card_token", message), error);
    }

    [Fact]
    public void CardToken_AtMost64Characters()
    {
        Assert.True(TerminalRequestValidator.Default.ValidateSale(ValidInput with { CardToken = new string('a', 64) }).IsValid);
        var error = SingleError(ValidInput with { CardToken = new string('a', 65) });
        Assert.Equal(new ValidationError("card_token", "card_token must be at most 64 characters"), error);
    }

    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("6200000000000005")]
    public void CardToken_RawPanIsRefusedWithoutEchoingIt(string pan)
    {
        var error = SingleError(ValidInput with { CardToken = pan });
        Assert.Equal("card_token", error.Field);
        Assert.Equal("card_token must be a token, never a card number", error.Message);
        Assert.DoesNotContain("4111", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tok_Zx81Qw0pLm")]
    [InlineData("4111111111111112")] // digits, but Luhn fails: a format-preserving token
    [InlineData("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")]
    public void CardToken_TokensAreAccepted(string token) =>
        Assert.True(TerminalRequestValidator.Default.ValidateSale(ValidInput with { CardToken = token }).IsValid);

    [Theory]
    [InlineData(null, "local_time is required")]
    [InlineData("", "local_time is required")]
    [InlineData("2026-02-30T10:00:00", "local_time must be a local date-time 'yyyy-MM-ddTHH:mm:ss' without offset, on a real calendar date")]
    [InlineData("2026-09-30T22:30:00+08:00", "local_time must be a local date-time 'yyyy-MM-ddTHH:mm:ss' without offset, on a real calendar date")]
    [InlineData("30/09/2026 22:30", "local_time must be a local date-time 'yyyy-MM-ddTHH:mm:ss' without offset, on a real calendar date")]
    public void LocalTime_Rules(string? value, string message)
    {
        var error = SingleError(ValidInput with { LocalTime = value });
        Assert.Equal(new ValidationError("local_time", message), error);
    }

    [Fact]
    public void AllBadFields_AreReportedInWireOrder()
    {
        var input = new SaleRequestInput("", "", 0, 0, 0, "", CardType.Unspecified, "", "");

        var result = TerminalRequestValidator.Default.ValidateSale(input);

        Assert.Equal(
            ["merchant_id", "terminal_id", "batch_no", "stan", "amount_minor", "currency", "card_type", "card_token", "local_time"],
            result.Errors.Select(e => e.Field).ToArray());
        Assert.Equal("merchant_id", result.FirstError?.Field);
    }

    [Fact]
    public void Validator_RefusesAMaximumAboveTheWireWidth() =>
        Assert.Throws<InvariantViolationException>(() => new TerminalRequestValidator(new ValidationPolicy { MaxAmountMinor = 1_000_000_000_000 }));
}
