using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// Rolling counters the risk rules need, kept in the merchant's ledger state and updated only by
/// <see cref="Record"/> when a capture is applied, so a replay rebuilds them exactly. Bounded: card uses
/// older than <see cref="CardUseRetention"/> (relative to the newest sale) or beyond
/// <see cref="MaxCardUses"/> are dropped, and only <see cref="VolumeDays"/> calendar days of volume are kept.
/// Policies must ask for windows inside these bounds (the evaluator asserts it).
/// </summary>
public sealed class RiskProfile
{
    public const int MaxCardUses = 256;
    public const int VolumeDays = 32;
    public static readonly TimeSpan CardUseRetention = TimeSpan.FromHours(1);

    /// <summary>Sales captured so far (all time): zero means the next sale is the merchant's first.</summary>
    public long SaleCount { get; set; }

    /// <summary>Gross of all captured sales, for the running average ticket.</summary>
    public long TotalAmountMinor { get; set; }

    /// <summary>Latest sale time seen; pruning is relative to it so out-of-order arrivals stay deterministic.</summary>
    public DateTime? LatestSaleTime { get; set; }

    public List<CardUse> RecentCardUses { get; set; } = [];

    /// <summary>Per local date, oldest first.</summary>
    public List<DailyVolume> DailyVolumes { get; set; } = [];

    /// <summary>Running average ticket, or 0 before the first sale.</summary>
    [JsonIgnore]
    public long AverageTicketMinor => SaleCount == 0 ? 0 : TotalAmountMinor / SaleCount;

    public long VolumeOn(DateOnly date) =>
        DailyVolumes.FirstOrDefault(v => v.Date == date)?.AmountMinor ?? 0;

    /// <summary>Uses of <paramref name="cardToken"/> in (<paramref name="localTime"/> - window, localTime].</summary>
    public int CardUsesWithin(string cardToken, DateTime localTime, TimeSpan window) =>
        RecentCardUses.Count(u =>
            string.Equals(u.CardToken, cardToken, StringComparison.Ordinal)
            && u.LocalTime > localTime - window
            && u.LocalTime <= localTime);

    /// <summary>Folds one captured sale into the counters (called from the ledger's Apply only).</summary>
    public void Record(long amountMinor, string cardToken, DateTime localTime)
    {
        Invariant.Require(amountMinor > 0, $"risk profile: non-positive amount {amountMinor}");
        SaleCount++;
        TotalAmountMinor = checked(TotalAmountMinor + amountMinor);
        LatestSaleTime = LatestSaleTime is { } latest && latest > localTime ? latest : localTime;

        RecentCardUses.Add(new CardUse { CardToken = cardToken, LocalTime = localTime });
        var horizon = LatestSaleTime.Value - CardUseRetention;
        RecentCardUses.RemoveAll(u => u.LocalTime <= horizon);
        if (RecentCardUses.Count > MaxCardUses)
        {
            RecentCardUses.RemoveRange(0, RecentCardUses.Count - MaxCardUses);
        }

        var date = DateOnly.FromDateTime(localTime);
        var day = DailyVolumes.FirstOrDefault(v => v.Date == date);
        if (day is null)
        {
            day = new DailyVolume { Date = date };
            DailyVolumes.Add(day);
            DailyVolumes.Sort((a, b) => a.Date.CompareTo(b.Date));
        }

        day.AmountMinor = checked(day.AmountMinor + amountMinor);
        var oldest = DateOnly.FromDateTime(LatestSaleTime.Value).AddDays(-(VolumeDays - 1));
        DailyVolumes.RemoveAll(v => v.Date < oldest);
    }
}
