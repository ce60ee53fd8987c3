using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// The payload of a <see cref="MerchantJournal.PayoutTrackedKind"/> record: the payout's whole tracking as the live
/// grain set it, and the rail whose unavailability episode the same turn ended (a hand-over to it succeeded).
/// </summary>
public sealed record MerchantPayoutTrackedEntry(PayoutTracking Tracking, ChannelKind? RailAvailable);
