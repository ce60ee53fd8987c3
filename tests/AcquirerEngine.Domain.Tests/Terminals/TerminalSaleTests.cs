using System.Text.Json;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>
/// What a terminal keeps per sale without keeping it as text: the RRN its local time and STAN derive, and the
/// currency code as the currency table's one string. Both read back exactly as written.
/// </summary>
public sealed class TerminalSaleTests
{
    private static readonly DateTime LocalTime = new(2026, 9, 30, 14, 5, 0);

    [Fact]
    public void A_derived_rrn_reads_back_and_any_other_rrn_is_kept_as_given()
    {
        var derived = RetrievalReferenceNumber.From(LocalTime, 123);
        Assert.Equal(derived, Sale(stan: 123, rrn: derived).Rrn);

        // Not what this sale derives (another STAN's, a declined sale's empty one): kept as given.
        var other = RetrievalReferenceNumber.From(LocalTime, 124);
        Assert.Equal(other, Sale(stan: 123, rrn: other).Rrn);
        Assert.Equal("", Sale(stan: 123, rrn: "").Rrn);
        Assert.Equal("ABCDEFGHIJKL", Sale(stan: 123, rrn: "ABCDEFGHIJKL").Rrn);
    }

    [Fact]
    public void A_snapshot_that_names_the_rrn_before_the_stan_and_time_keeps_it()
    {
        var rrn = RetrievalReferenceNumber.From(LocalTime, 7);
        var json = $$"""{"Rrn":"{{rrn}}","Stan":7,"LocalTime":"2026-09-30T14:05:00"}""";

        var sale = JsonSerializer.Deserialize<TerminalSale>(json)!;

        Assert.Equal(rrn, sale.Rrn);
        Assert.Equal(7u, sale.Stan);
    }

    [Fact]
    public void A_sale_writes_the_same_json_as_it_reads()
    {
        var sale = Sale(stan: 42, rrn: RetrievalReferenceNumber.From(LocalTime, 42));
        var json = JsonSerializer.Serialize(sale);

        Assert.Contains($"\"Rrn\":\"{RetrievalReferenceNumber.From(LocalTime, 42)}\"", json, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<TerminalSale>(json)));
    }

    [Fact]
    public void A_known_currency_is_held_as_the_tables_string_and_an_unknown_one_as_given()
    {
        // A fresh string, as a parsed request or snapshot gives one per sale.
        var parsed = new string("CNY".AsSpan());
        Assert.NotSame(Iso4217.Cny.AlphabeticCode, parsed);

        var sale = new TerminalSale { Currency = parsed };
        var refund = new TerminalRefund { Currency = parsed };

        Assert.Same(Iso4217.Cny.AlphabeticCode, sale.Currency);
        Assert.Same(Iso4217.Cny.AlphabeticCode, refund.Currency);
        Assert.Same(Iso4217.Cny.AlphabeticCode, Iso4217.SharedText(parsed));

        var unknown = new string("XQQ".AsSpan());
        Assert.Same(unknown, new TerminalSale { Currency = unknown }.Currency);
    }

    private static TerminalSale Sale(uint stan, string rrn) => new()
    {
        BatchNo = 1,
        Stan = stan,
        LocalDate = DateOnly.FromDateTime(LocalTime),
        LocalTime = LocalTime,
        AmountMinor = 1_000,
        Currency = "CNY",
        Rrn = rrn,
    };
}
