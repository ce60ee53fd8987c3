namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// A rail's state at one instant, in words and data.
/// <see cref="NextOpening"/> is the instant itself when open, the next open instant (hours, holidays and
/// maintenance together) when closed, or null when nothing opens within the search horizon.
/// <see cref="BusinessDate"/> is the working day whose business HVPS accepts at that opening (the
/// calendar date for 7x24 rails). <see cref="Provisional"/>: a calendar year consulted was not loaded.
/// </summary>
public sealed record ChannelStatus(
    ChannelKind Channel,
    ChannelState State,
    string Reason,
    DateTime? NextOpening,
    DateOnly? BusinessDate,
    MaintenanceWindow? Window,
    bool Provisional)
{
    public bool IsOpen => State == ChannelState.Open;
}
