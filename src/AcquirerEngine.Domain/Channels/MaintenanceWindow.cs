namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// A period in which a channel takes no payouts: they queue in order and drain at reopening.
/// Local times; <see cref="Start"/> inclusive, <see cref="End"/> exclusive, so a 02:00-04:00 window is open
/// again at exactly 04:00.
/// </summary>
public sealed record MaintenanceWindow
{
    public string Id { get; init; } = "";

    public ChannelKind Channel { get; init; }

    public DateTime Start { get; init; }

    public DateTime End { get; init; }

    public string Reason { get; init; } = "";

    public MaintenanceKind Kind { get; init; } = MaintenanceKind.Scheduled;

    public bool IsValid => End > Start;

    public bool Covers(DateTime localTime) => Start <= localTime && localTime < End;
}
