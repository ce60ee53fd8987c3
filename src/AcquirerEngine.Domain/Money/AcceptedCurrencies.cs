namespace AcquirerEngine.Domain.Money;

/// <summary>
/// The currencies this acquirer settles. A domestic UnionPay acquirer settles CNY only, so that is
/// the default; a cross-border one may add HKD, MOP or others. Only ISO 4217 currencies can be listed.
/// </summary>
public sealed class AcceptedCurrencies
{
    private readonly HashSet<string> _codes;

    public AcceptedCurrencies(IEnumerable<Currency> currencies)
    {
        ArgumentNullException.ThrowIfNull(currencies);
        _codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var currency in currencies)
        {
            Invariant.Require(
                Iso4217.TryFind(currency.AlphabeticCode, out var known) && known == currency,
                $"accepted currency {currency.AlphabeticCode} is not the ISO 4217 definition");
            _codes.Add(currency.AlphabeticCode);
        }

        Invariant.Require(_codes.Count > 0, "an acquirer must accept at least one currency");
    }

    /// <summary>CNY only: the domestic default.</summary>
    public static AcceptedCurrencies Default { get; } = new([Iso4217.Cny]);

    /// <summary>Builds the set from configured alphabetic codes; an unknown code is a configuration bug.</summary>
    public static AcceptedCurrencies FromCodes(IEnumerable<string> alphabeticCodes)
    {
        ArgumentNullException.ThrowIfNull(alphabeticCodes);
        var currencies = new List<Currency>();
        foreach (var code in alphabeticCodes)
        {
            Invariant.Require(Iso4217.TryFind(code, out var currency), $"configured currency '{code}' is not ISO 4217");
            currencies.Add(currency!);
        }

        return new AcceptedCurrencies(currencies);
    }

    public IReadOnlyCollection<string> Codes => _codes;

    public bool Accepts(Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        return _codes.Contains(currency.AlphabeticCode);
    }
}
