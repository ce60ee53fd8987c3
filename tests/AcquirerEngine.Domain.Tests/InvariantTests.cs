namespace AcquirerEngine.Domain.Tests;

public sealed class InvariantTests
{
    [Fact]
    public void A_broken_invariant_throws_with_its_interpolated_message()
    {
        var recordId = new CountingFormattable("settle:898340149000001:2026-11-18");

        var error = Assert.Throws<InvariantViolationException>(() => Invariant.Require(false, $"{recordId}: run already recorded ({42})"));

        Assert.Equal("settle:898340149000001:2026-11-18: run already recorded (42)", error.Message);
        Assert.Equal(1, recordId.Formatted);
    }

    [Fact]
    public void A_holding_invariant_never_formats_its_message()
    {
        var recordId = new CountingFormattable("settle:898340149000001:2026-11-18");

        for (var i = 0; i < 3; i++)
        {
            Invariant.Require(i >= 0, $"{recordId}: never shown");
        }

        Assert.Equal(0, recordId.Formatted);
    }

    [Fact]
    public void A_plain_string_message_still_works()
    {
        var error = Assert.Throws<InvariantViolationException>(() => Invariant.Require(false, "plain"));

        Assert.Equal("plain", error.Message);
    }

    private sealed class CountingFormattable(string text)
    {
        public int Formatted { get; private set; }

        public override string ToString()
        {
            Formatted++;
            return text;
        }
    }
}
