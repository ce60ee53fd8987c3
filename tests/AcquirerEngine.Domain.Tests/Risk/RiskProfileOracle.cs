using System.Text.Json.Serialization;
using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Tests.Risk;

/// <summary>
/// The risk profile's card-use and daily-volume bookkeeping exactly as it was before the index (3801f7b),
/// kept as the oracle the indexed <see cref="RiskProfile"/> must agree with: same JSON shape, same answers.
/// </summary>
public sealed class RiskProfileOracle
{
    public long SaleCount { get; set; }

    public long TotalAmountMinor { get; set; }

    public DateTime? LatestSaleTime { get; set; }

    public List<CardUse> RecentCardUses { get; set; } = [];

    public List<DailyVolume> DailyVolumes { get; set; } = [];

    [JsonIgnore]
    public long AverageTicketMinor => SaleCount == 0 ? 0 : TotalAmountMinor / SaleCount;

    public long VolumeOn(DateOnly date) =>
        DailyVolumes.FirstOrDefault(v => v.Date == date)?.AmountMinor ?? 0;

    public int CardUsesWithin(string cardToken, DateTime localTime, TimeSpan window) =>
        RecentCardUses.Count(u =>
            string.Equals(u.CardToken, cardToken, StringComparison.Ordinal)
            && u.LocalTime > localTime - window
            && u.LocalTime <= localTime);

    public void Record(long amountMinor, string cardToken, DateTime localTime)
    {
        SaleCount++;
        TotalAmountMinor = checked(TotalAmountMinor + amountMinor);
        LatestSaleTime = LatestSaleTime is { } latest && latest > localTime ? latest : localTime;

        RecentCardUses.Add(new CardUse { CardToken = cardToken, LocalTime = localTime });
        var horizon = LatestSaleTime.Value - RiskProfile.CardUseRetention;
        RecentCardUses.RemoveAll(u => u.LocalTime <= horizon);
        if (RecentCardUses.Count > RiskProfile.MaxCardUses)
        {
            RecentCardUses.RemoveRange(0, RecentCardUses.Count - RiskProfile.MaxCardUses);
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
        var oldest = DateOnly.FromDateTime(LatestSaleTime.Value).AddDays(-(RiskProfile.VolumeDays - 1));
        DailyVolumes.RemoveAll(v => v.Date < oldest);
    }
}
