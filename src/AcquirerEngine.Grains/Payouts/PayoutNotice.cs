using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Payouts;

/// <summary>
/// A payout's progress as a rail reports it. Idempotent: the same notice twice changes nothing.
/// <paramref name="ValueDate"/> (sent and credited notices): the working day the credit counts for, which for a
/// send in the HVPS night session (R4: from 20:30) is the next working day, not the evening's date.
/// </summary>
public sealed record PayoutNotice(
    string PayoutId,
    string MerchantId,
    ChannelKind Channel,
    PayoutOutcome Outcome,
    string? TraceId,
    string Reason,
    DateTime AtLocal,
    DateOnly? ValueDate = null);
