namespace AcquirerEngine.Domain.Risk;

/// <summary>Captured gross on one local calendar date.</summary>
public sealed class DailyVolume
{
    public DateOnly Date { get; set; }

    public long AmountMinor { get; set; }
}
