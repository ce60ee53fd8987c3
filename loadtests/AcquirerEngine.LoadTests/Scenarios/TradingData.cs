using System.Globalization;
using AcquirerEngine.Contracts.V1;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>
/// The seeded source of everything random in a run: merchant and terminal identities, card types, amounts
/// (log-normal in fen around a median ticket), card tokens and the step drawn for each iteration. The same
/// seed gives the same data; the run prints and reports it. Thread-safe.
/// </summary>
public sealed class TradingData
{
    private readonly object _gate = new();
    private readonly Random _random;
    private readonly string _runTag;

    public TradingData(int seed, long medianAmountMinor = 8_800, double amountSigma = 1.0, double debitShare = 0.4)
    {
        Seed = seed;
        _random = new Random(seed);
        MedianAmountMinor = medianAmountMinor;
        AmountSigma = amountSigma;
        DebitShare = debitShare;

        // Identities carry the seed, so runs with different seeds against one long-lived engine never collide.
        _runTag = (Math.Abs((long)seed) % 100_000).ToString("D5", CultureInfo.InvariantCulture);
    }

    public int Seed { get; }

    public long MedianAmountMinor { get; }

    public double AmountSigma { get; }

    public double DebitShare { get; }

    /// <summary>Smallest and largest ticket: 1 CNY to 50,000 CNY.</summary>
    public static long MinAmountMinor => 100;

    public static long MaxAmountMinor => 5_000_000;

    /// <summary>A 15-digit MID: 8983 + the run tag + the merchant's number.</summary>
    public string MerchantId(int merchant) => string.Create(CultureInfo.InvariantCulture, $"8983{_runTag}{merchant:D6}");

    /// <summary>An 8-character TID: L + the run tag's last two digits + the terminal's number.</summary>
    public string TerminalId(int terminal) => string.Create(CultureInfo.InvariantCulture, $"L{_runTag[3..]}{terminal:D5}");

    /// <summary>The settlement account number the harness gives a merchant.</summary>
    public static string AccountNumber(string merchantId) => "62220200" + merchantId[^8..];

    public CardType NextCardType()
    {
        lock (_gate)
        {
            return _random.NextDouble() < DebitShare ? CardType.Debit : CardType.Credit;
        }
    }

    /// <summary>exp(N(ln median, sigma)) in fen, clamped to the ticket limits.</summary>
    public long NextAmountMinor()
    {
        double normal;
        lock (_gate)
        {
            // Box-Muller: two uniforms to one standard normal.
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }

        var amount = Math.Exp(Math.Log(MedianAmountMinor) + (AmountSigma * normal));
        return Math.Clamp((long)Math.Round(amount), MinAmountMinor, MaxAmountMinor);
    }

    public string NextCardToken()
    {
        lock (_gate)
        {
            return "tok_" + _random.NextInt64(0, long.MaxValue).ToString("x16", CultureInfo.InvariantCulture);
        }
    }

    public double NextDouble()
    {
        lock (_gate)
        {
            return _random.NextDouble();
        }
    }

    public int Next(int maxExclusive)
    {
        lock (_gate)
        {
            return _random.Next(maxExclusive);
        }
    }

    /// <summary>A private generator seeded from this one, for code that needs a <see cref="Random"/> of its own.</summary>
    public Random Fork()
    {
        lock (_gate)
        {
            return new Random(_random.Next());
        }
    }
}
