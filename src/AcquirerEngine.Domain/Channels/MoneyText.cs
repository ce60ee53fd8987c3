using System.Globalization;

namespace AcquirerEngine.Domain.Channels;

/// <summary>Amounts and times in explanations, culture-independent so the words never depend on the host.</summary>
public static class MoneyText
{
    /// <summary>Minor units (fen) as "80,000.00 CNY".</summary>
    public static string Cny(long minor)
    {
        // Integer split, no floating point: 8_000_000 fen -> "80,000" and "00". In unsigned long arithmetic with the
        // standard "N0" format ("#,##0" on Int128, parsed per call, cost the nightly run's routing reasons 2% of its
        // CPU); two's complement negation in ulong also gives long.MinValue its magnitude (2^63).
        var sign = minor < 0 ? "-" : "";
        var magnitude = minor < 0 ? 0UL - (ulong)minor : (ulong)minor;
        var major = (magnitude / 100).ToString("N0", CultureInfo.InvariantCulture);
        var fen = (magnitude % 100).ToString("00", CultureInfo.InvariantCulture);
        return $"{sign}{major}.{fen} CNY";
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"20:30 today", "04:00 tomorrow" or "2026-10-07 20:30", relative to <paramref name="now"/>.</summary>
    public static string When(DateTime at, DateTime now)
    {
        var time = at.ToString("HH:mm", CultureInfo.InvariantCulture);
        var days = DateOnly.FromDateTime(at).DayNumber - DateOnly.FromDateTime(now).DayNumber;
        return days switch
        {
            0 => time + " today",
            1 => time + " tomorrow",
            _ => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        };
    }
}
