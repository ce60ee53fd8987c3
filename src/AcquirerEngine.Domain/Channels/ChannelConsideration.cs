namespace AcquirerEngine.Domain.Channels;

/// <summary>A rail the router looked at, what it saw and whether the rail could carry the whole amount now.</summary>
public sealed record ChannelConsideration(ChannelKind Channel, ChannelStatus Status, long? CapMinor, bool CanCarryWholeAmountNow);
