namespace AcquirerEngine.Domain.Channels;

public enum ChannelState
{
    Open = 1,

    /// <summary>A working day (or its eve), but outside the rail's business hours.</summary>
    ClosedByHours = 2,

    /// <summary>The local date is a holiday or non-working weekend and the rail works on working days only.</summary>
    ClosedForHoliday = 3,

    /// <summary>The rail would be open, but a maintenance window (scheduled or outage) covers this instant.</summary>
    InMaintenance = 4,
}
