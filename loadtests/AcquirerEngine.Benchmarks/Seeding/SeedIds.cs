using System.Globalization;

namespace AcquirerEngine.Benchmarks.Seeding;

/// <summary>Stable, unique ids for seeded merchants and terminals (same shapes as the product's examples).</summary>
public static class SeedIds
{
    public const string BankCode = "ICBC";

    public static string Merchant(int index) => string.Create(CultureInfo.InvariantCulture, $"898{index:D12}");

    public static string Terminal(int index) => string.Create(CultureInfo.InvariantCulture, $"T{index:D7}");

    /// <summary>A settlement account unique per merchant index.</summary>
    public static string Account(int merchantIndex) => string.Create(CultureInfo.InvariantCulture, $"6222{merchantIndex:D12}");
}
