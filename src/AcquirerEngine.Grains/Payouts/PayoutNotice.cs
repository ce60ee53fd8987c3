using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Payouts;

/// <summary>A payout's progress as a rail reports it. Idempotent: the same notice twice changes nothing.</summary>
public sealed record PayoutNotice(
    string PayoutId,
    string MerchantId,
    ChannelKind Channel,
    PayoutOutcome Outcome,
    string? TraceId,
    string Reason,
    DateTime AtLocal);
