using System.Collections.Frozen;

namespace AcquirerEngine.Domain.Money;

/// <summary>
/// The ISO 4217 active currencies the engine knows. Knowing a currency is not accepting it:
/// <see cref="AcceptedCurrencies"/> is the acquirer's configured subset.
/// Codes, numeric codes and exponents follow the ISO 4217 list (amendment current in 2025).
/// </summary>
public static class Iso4217
{
    public static readonly Currency Aed = new("AED", 784, 2);
    public static readonly Currency Ars = new("ARS", 32, 2);
    public static readonly Currency Aud = new("AUD", 36, 2);
    public static readonly Currency Bdt = new("BDT", 50, 2);
    public static readonly Currency Bhd = new("BHD", 48, 3);
    public static readonly Currency Brl = new("BRL", 986, 2);
    public static readonly Currency Cad = new("CAD", 124, 2);
    public static readonly Currency Chf = new("CHF", 756, 2);
    public static readonly Currency Clp = new("CLP", 152, 0);
    public static readonly Currency Cny = new("CNY", 156, 2);
    public static readonly Currency Cop = new("COP", 170, 2);
    public static readonly Currency Czk = new("CZK", 203, 2);
    public static readonly Currency Dkk = new("DKK", 208, 2);
    public static readonly Currency Egp = new("EGP", 818, 2);
    public static readonly Currency Eur = new("EUR", 978, 2);
    public static readonly Currency Gbp = new("GBP", 826, 2);
    public static readonly Currency Hkd = new("HKD", 344, 2);
    public static readonly Currency Huf = new("HUF", 348, 2);
    public static readonly Currency Idr = new("IDR", 360, 2);
    public static readonly Currency Ils = new("ILS", 376, 2);
    public static readonly Currency Inr = new("INR", 356, 2);
    public static readonly Currency Isk = new("ISK", 352, 0);
    public static readonly Currency Jod = new("JOD", 400, 3);
    public static readonly Currency Jpy = new("JPY", 392, 0);
    public static readonly Currency Kes = new("KES", 404, 2);
    public static readonly Currency Khr = new("KHR", 116, 2);
    public static readonly Currency Krw = new("KRW", 410, 0);
    public static readonly Currency Kwd = new("KWD", 414, 3);
    public static readonly Currency Kzt = new("KZT", 398, 2);
    public static readonly Currency Lak = new("LAK", 418, 2);
    public static readonly Currency Lkr = new("LKR", 144, 2);
    public static readonly Currency Mmk = new("MMK", 104, 2);
    public static readonly Currency Mnt = new("MNT", 496, 2);
    public static readonly Currency Mop = new("MOP", 446, 2);
    public static readonly Currency Mxn = new("MXN", 484, 2);
    public static readonly Currency Myr = new("MYR", 458, 2);
    public static readonly Currency Ngn = new("NGN", 566, 2);
    public static readonly Currency Nok = new("NOK", 578, 2);
    public static readonly Currency Npr = new("NPR", 524, 2);
    public static readonly Currency Nzd = new("NZD", 554, 2);
    public static readonly Currency Omr = new("OMR", 512, 3);
    public static readonly Currency Php = new("PHP", 608, 2);
    public static readonly Currency Pkr = new("PKR", 586, 2);
    public static readonly Currency Pln = new("PLN", 985, 2);
    public static readonly Currency Qar = new("QAR", 634, 2);
    public static readonly Currency Ron = new("RON", 946, 2);
    public static readonly Currency Rub = new("RUB", 643, 2);
    public static readonly Currency Sar = new("SAR", 682, 2);
    public static readonly Currency Sek = new("SEK", 752, 2);
    public static readonly Currency Sgd = new("SGD", 702, 2);
    public static readonly Currency Thb = new("THB", 764, 2);
    public static readonly Currency Tnd = new("TND", 788, 3);
    public static readonly Currency Try = new("TRY", 949, 2);
    public static readonly Currency Twd = new("TWD", 901, 2);
    public static readonly Currency Uah = new("UAH", 980, 2);
    public static readonly Currency Ugx = new("UGX", 800, 0);
    public static readonly Currency Usd = new("USD", 840, 2);
    public static readonly Currency Vnd = new("VND", 704, 0);
    public static readonly Currency Xaf = new("XAF", 950, 0);
    public static readonly Currency Xof = new("XOF", 952, 0);
    public static readonly Currency Zar = new("ZAR", 710, 2);

    /// <summary>Every known currency, ordered by alphabetic code.</summary>
    public static readonly IReadOnlyList<Currency> All =
    [
        Aed, Ars, Aud, Bdt, Bhd, Brl, Cad, Chf, Clp, Cny, Cop, Czk, Dkk, Egp, Eur, Gbp, Hkd, Huf, Idr, Ils,
        Inr, Isk, Jod, Jpy, Kes, Khr, Krw, Kwd, Kzt, Lak, Lkr, Mmk, Mnt, Mop, Mxn, Myr, Ngn, Nok, Npr, Nzd,
        Omr, Php, Pkr, Pln, Qar, Ron, Rub, Sar, Sek, Sgd, Thb, Tnd, Try, Twd, Uah, Ugx, Usd, Vnd, Xaf, Xof,
        Zar,
    ];

    private static readonly FrozenDictionary<string, Currency> ByAlphabeticCode =
        All.ToFrozenDictionary(c => c.AlphabeticCode, StringComparer.Ordinal);

    private static readonly FrozenDictionary<int, Currency> ByNumericCode =
        All.ToFrozenDictionary(c => c.NumericCode);

    /// <summary>Exact, case-sensitive lookup: the wire contract says upper-case ("CNY").</summary>
    public static bool TryFind(string alphabeticCode, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Currency? currency) =>
        ByAlphabeticCode.TryGetValue(alphabeticCode, out currency);

    /// <summary>
    /// The table's own string for a known code, otherwise <paramref name="alphabeticCode"/> itself: a state that keeps
    /// a currency per sale then holds one "CNY" instead of one per parsed request or snapshot.
    /// </summary>
    public static string SharedText(string alphabeticCode) =>
        alphabeticCode is not null && ByAlphabeticCode.TryGetValue(alphabeticCode, out var currency) ? currency.AlphabeticCode : alphabeticCode!;

    public static bool TryFindByNumericCode(int numericCode, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Currency? currency) =>
        ByNumericCode.TryGetValue(numericCode, out currency);
}
