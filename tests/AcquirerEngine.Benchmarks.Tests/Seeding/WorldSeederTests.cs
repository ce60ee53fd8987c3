using AcquirerEngine.Benchmarks.Seeding;

namespace AcquirerEngine.Benchmarks.Tests.Seeding;

public sealed class WorldSeederTests
{
    private static SeedPlan Plan(int seed = 7) => new()
    {
        Merchants = 3,
        Terminals = 5,
        Sales = 1_000,
        SaleLocalTime = new DateTime(2026, 11, 17, 10, 0, 0),
        Seed = seed,
    };

    [Fact]
    public void Amounts_are_in_range_never_whole_yuan_and_repeat_for_the_same_seed()
    {
        var plan = Plan();
        var amounts = Enumerable.Range(0, 1_000).Select(s => WorldSeeder.Amount(plan, s)).ToList();

        Assert.All(amounts, a => Assert.InRange(a, plan.MinSaleMinor, plan.MaxSaleMinor + 1));
        Assert.DoesNotContain(amounts, a => a % 100 == 0);
        Assert.Equal(amounts, Enumerable.Range(0, 1_000).Select(s => WorldSeeder.Amount(Plan(), s)));
        Assert.NotEqual(amounts, Enumerable.Range(0, 1_000).Select(s => WorldSeeder.Amount(Plan(seed: 8), s)));
        Assert.True(amounts.Distinct().Count() > 900, "amounts vary");
    }

    [Fact]
    public void Terminals_and_sales_are_spread_round_robin_with_increasing_stans()
    {
        Assert.Equal(2, WorldSeeder.MerchantOfTerminal(5, 3));
        Assert.Equal((3, 1u), WorldSeeder.TerminalOfSale(3, 5));
        Assert.Equal((3, 2u), WorldSeeder.TerminalOfSale(8, 5));
        Assert.Equal("898000000000042", SeedIds.Merchant(42));
        Assert.Equal("T0000042", SeedIds.Terminal(42));
        Assert.Equal("6222000000000042", SeedIds.Account(42));
    }

    [Theory]
    [InlineData(0, 1, 1, "--merchants")]
    [InlineData(2, 1, 1, "--terminals")]
    [InlineData(1, 10_000_000, 1, "--terminals")]
    [InlineData(1, 1, -1, "--sales")]
    [InlineData(1, 1, 1_000_000, "--sales")]
    public void A_plan_out_of_range_names_the_option(int merchants, int terminals, long sales, string option)
    {
        var plan = Plan() with { Merchants = merchants, Terminals = terminals, Sales = sales };

        Assert.Contains(option, plan.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_usable_plan_has_no_problem()
    {
        Assert.Null(Plan().Problem);
    }
}
