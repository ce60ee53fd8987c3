using AcquirerEngine.Domain.Channels;
using WireChannel = AcquirerEngine.Contracts.V1.Channel;
using WireChannelState = AcquirerEngine.Contracts.V1.ChannelState;

namespace AcquirerEngine.Server.Services;

/// <summary>Payout rails between the wire and the domain; no rules of its own.</summary>
public static class ChannelProtoMapping
{
    public static ChannelKind? ToDomain(WireChannel channel) => channel switch
    {
        WireChannel.Hvps => ChannelKind.Hvps,
        WireChannel.Beps => ChannelKind.Beps,
        WireChannel.Ibps => ChannelKind.Ibps,
        WireChannel.SameBank => ChannelKind.SameBank,
        _ => null,
    };

    public static WireChannel ToWire(ChannelKind? channel) => channel switch
    {
        ChannelKind.Hvps => WireChannel.Hvps,
        ChannelKind.Beps => WireChannel.Beps,
        ChannelKind.Ibps => WireChannel.Ibps,
        ChannelKind.SameBank => WireChannel.SameBank,
        _ => WireChannel.Unspecified,
    };

    public static WireChannelState ToWire(ChannelState state) => state switch
    {
        ChannelState.Open => WireChannelState.Open,
        ChannelState.ClosedByHours => WireChannelState.ClosedByHours,
        ChannelState.ClosedForHoliday => WireChannelState.ClosedForHoliday,
        ChannelState.InMaintenance => WireChannelState.InMaintenance,
        _ => WireChannelState.Unspecified,
    };
}
