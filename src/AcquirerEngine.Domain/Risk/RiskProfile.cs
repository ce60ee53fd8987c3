using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// Rolling counters the risk rules need, kept in the merchant's ledger state and updated only by
/// <see cref="Record"/> when a capture is applied, so a replay rebuilds them exactly. Bounded: card uses
/// older than <see cref="CardUseRetention"/> (relative to the newest sale) or beyond
/// <see cref="MaxCardUses"/> are dropped, and only <see cref="VolumeDays"/> calendar days of volume are kept.
/// Policies must ask for windows inside these bounds (the evaluator asserts it). The card uses are held in
/// an index (<see cref="KeptCardUses"/>) so a capture and its evaluation cost the same at any history size;
/// the stored shape is still the plain list of uses in insertion order.
/// </summary>
public sealed class RiskProfile
{
    public const int MaxCardUses = 256;
    public const int VolumeDays = 32;
    public static readonly TimeSpan CardUseRetention = TimeSpan.FromHours(1);

    // Made on the first card use: a merchant without sales carries no index.
    private KeptCardUses? _cardUses;

    /// <summary>Sales captured so far (all time): zero means the next sale is the merchant's first.</summary>
    public long SaleCount { get; set; }

    /// <summary>Gross of all captured sales, for the running average ticket.</summary>
    public long TotalAmountMinor { get; set; }

    /// <summary>Latest sale time seen; pruning is relative to it so out-of-order arrivals stay deterministic.</summary>
    public DateTime? LatestSaleTime { get; set; }

    /// <summary>
    /// The kept card uses, oldest first by insertion (the stored shape). Reading it builds a copy (for a
    /// snapshot); writing it (loading a snapshot) replaces the kept set as it is, without pruning, as before.
    /// </summary>
    public IReadOnlyList<CardUse> RecentCardUses
    {
        get => _cardUses?.ToList() ?? [];
        set
        {
            _cardUses = null;
            foreach (var use in value ?? [])
            {
                CardUses.Append(use.CardToken, use.LocalTime);
            }
        }
    }

    /// <summary>Per local date, oldest first.</summary>
    public List<DailyVolume> DailyVolumes { get; set; } = [];

    /// <summary>Running average ticket, or 0 before the first sale.</summary>
    [JsonIgnore]
    public long AverageTicketMinor => SaleCount == 0 ? 0 : TotalAmountMinor / SaleCount;

    private KeptCardUses CardUses => _cardUses ??= new KeptCardUses();

    public long VolumeOn(DateOnly date) => DayOf(date)?.AmountMinor ?? 0;

    /// <summary>Uses of <paramref name="cardToken"/> in (<paramref name="localTime"/> - window, localTime].</summary>
    public int CardUsesWithin(string cardToken, DateTime localTime, TimeSpan window) =>
        _cardUses?.CountWithin(cardToken, localTime - window, localTime) ?? 0;

    /// <summary>Folds one captured sale into the counters (called from the ledger's Apply only).</summary>
    public void Record(long amountMinor, string cardToken, DateTime localTime)
    {
        Invariant.Require(amountMinor > 0, $"risk profile: non-positive amount {amountMinor}");
        SaleCount++;
        TotalAmountMinor = checked(TotalAmountMinor + amountMinor);
        LatestSaleTime = LatestSaleTime is { } latest && latest > localTime ? latest : localTime;

        var uses = CardUses;
        uses.Append(cardToken, localTime);
        uses.DropThrough(LatestSaleTime.Value - CardUseRetention);
        while (uses.Count > MaxCardUses)
        {
            uses.DropOldest();
        }

        var date = DateOnly.FromDateTime(localTime);
        var day = DayOf(date);
        if (day is null)
        {
            day = new DailyVolume { Date = date };
            DailyVolumes.Add(day);
            DailyVolumes.Sort((a, b) => a.Date.CompareTo(b.Date));
        }

        day.AmountMinor = checked(day.AmountMinor + amountMinor);
        var oldest = DateOnly.FromDateTime(LatestSaleTime.Value).AddDays(-(VolumeDays - 1));
        if (HasDayBefore(oldest))
        {
            DailyVolumes.RemoveAll(v => v.Date < oldest);
        }
    }

    /// <summary>The day's entry; searched from the newest end, where a sale's day almost always is.</summary>
    private DailyVolume? DayOf(DateOnly date)
    {
        for (var i = DailyVolumes.Count - 1; i >= 0; i--)
        {
            if (DailyVolumes[i].Date == date)
            {
                return DailyVolumes[i];
            }
        }

        return null;
    }

    // A loop, not RemoveAll's predicate: on most captures no day is due to go and nothing is allocated.
    private bool HasDayBefore(DateOnly oldest)
    {
        foreach (var day in DailyVolumes)
        {
            if (day.Date < oldest)
            {
                return true;
            }
        }

        return false;
    }
}
