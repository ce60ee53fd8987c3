namespace AcquirerEngine.Domain.Channels;

public enum OpeningHoursRule
{
    /// <summary>Open at all hours on all days (7x24), maintenance windows aside.</summary>
    AlwaysOpen = 1,

    /// <summary>
    /// HVPS style: business for working day W is accepted from <see cref="ChannelConfig.OpensPreviousDayAt"/>
    /// on the calendar day before W until <see cref="ChannelConfig.ClosesAt"/> on W; closed otherwise.
    /// </summary>
    WorkingDayWindowFromPreviousEvening = 2,
}
