using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Domain.Explanations;

/// <summary>
/// The answer to "where is my money" for one transaction or payout (scenario 16): the state, the reason in
/// plain words, the clearing date, the expected arrival date computed from the calendar and channel hours
/// (null when it depends on someone's decision: a review, an unfrozen account), whether that date is
/// provisional (a calendar year it depends on is not loaded), and the payout's channel, id and bank trace.
/// </summary>
public sealed record Explanation(
    MoneyState State,
    string Reason,
    DateOnly? ClearingDate,
    DateOnly? ExpectedArrivalDate,
    bool Provisional,
    ChannelKind? Channel,
    string? PayoutTraceId,
    string? PayoutId,
    long AmountMinor);
