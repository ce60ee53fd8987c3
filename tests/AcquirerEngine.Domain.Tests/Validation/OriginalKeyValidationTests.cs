using AcquirerEngine.Domain.Validation;

namespace AcquirerEngine.Domain.Tests.Validation;

public sealed class OriginalKeyValidationTests
{
    private static readonly OriginalKeyInput ValidKey = new("898310048161234", "T0000001", 1, 42, "2026-09-30");
    private static readonly DateTime HostTime = new(2026, 9, 30, 23, 0, 0);

    [Fact]
    public void Void_ValidInputBuildsCommand()
    {
        var result = TerminalRequestValidator.Default.ValidateVoid(new VoidRequestInput(ValidKey, 43, 10_000), HostTime);

        Assert.True(result.IsValid);
        var command = result.Value;
        Assert.Equal("898310048161234", command.MerchantId);
        Assert.Equal("T0000001", command.TerminalId);
        Assert.Equal(42u, command.Original.Stan);
        Assert.Equal(new DateOnly(2026, 9, 30), command.Original.LocalDate);
        Assert.Equal(43u, command.VoidStan);
        Assert.Equal(10_000, command.AmountMinor);
        Assert.Equal(DateTimeKind.Unspecified, command.HostLocalTime.Kind);
    }

    [Fact]
    public void Void_ErrorsNameNestedFields()
    {
        var input = new VoidRequestInput(new OriginalKeyInput("", "TOOLONG123", 0, 1_000_000, "2026-02-30"), 0, 0);

        var result = TerminalRequestValidator.Default.ValidateVoid(input, HostTime);

        Assert.Equal(
            ["original.merchant_id", "original.terminal_id", "original.batch_no", "original.stan", "original.local_date", "stan", "amount_minor"],
            result.Errors.Select(e => e.Field).ToArray());
        Assert.Equal("original.stan must be between 1 and 999999", result.Errors[3].Message);
    }

    [Fact]
    public void Void_MissingOriginal()
    {
        var result = TerminalRequestValidator.Default.ValidateVoid(new VoidRequestInput(null, 5, 100), HostTime);
        Assert.Equal(new ValidationError("original", "original is required"), Assert.Single(result.Errors));
    }

    [Fact]
    public void Void_UtcHostClockIsACallerBug() =>
        Assert.Throws<InvariantViolationException>(() =>
            TerminalRequestValidator.Default.ValidateVoid(new VoidRequestInput(ValidKey, 43, 100), DateTime.SpecifyKind(HostTime, DateTimeKind.Utc)));

    [Fact]
    public void Reverse_LocalDateIsOptional()
    {
        var result = TerminalRequestValidator.Default.ValidateReverse(new ReverseRequestInput(ValidKey with { LocalDate = "" }));

        Assert.True(result.IsValid);
        Assert.Null(result.Value.Original.LocalDate);
    }

    [Fact]
    public void Reverse_BadLocalDateNamesTheField()
    {
        var result = TerminalRequestValidator.Default.ValidateReverse(new ReverseRequestInput(ValidKey with { LocalDate = "2026-9-30" }));

        Assert.Equal(
            new ValidationError("original.local_date", "original.local_date must be a date 'yyyy-MM-dd' on a real calendar date"),
            Assert.Single(result.Errors));
    }

    [Fact]
    public void TransactionKey_ErrorsArePrefixedWithKey()
    {
        var result = TerminalRequestValidator.Default.ValidateTransactionKey(ValidKey with { Stan = 0 });
        Assert.Equal("key.stan", Assert.Single(result.Errors).Field);

        Assert.Equal("key", Assert.Single(TerminalRequestValidator.Default.ValidateTransactionKey(null).Errors).Field);
    }

    [Fact]
    public void SignOnAndSignOff_ValidateIdentifiers()
    {
        var signOn = TerminalRequestValidator.Default.ValidateSignOn(new TerminalSessionInput("898310048161234", ""));
        Assert.Equal(new ValidationError("terminal_id", "terminal_id is required"), Assert.Single(signOn.Errors));

        var signOff = TerminalRequestValidator.Default.ValidateSignOff(new TerminalSessionInput("898310048161234", "T0000001"));
        Assert.True(signOff.IsValid);
        Assert.Equal("T0000001", signOff.Value.TerminalId);

        var registration = TerminalRequestValidator.Default.ValidateRegistration(new TerminalSessionInput("bad id", "T1"));
        Assert.Equal("merchant_id", Assert.Single(registration.Errors).Field);
    }
}
