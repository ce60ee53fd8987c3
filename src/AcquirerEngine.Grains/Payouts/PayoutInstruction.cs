using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Payouts;

/// <summary>
/// One payout handed to a payout rail. <paramref name="PayoutId"/> is idempotent end to end: the rail
/// queues it once, sends it once, and the bank credits it once however often it is retried.
/// </summary>
public sealed record PayoutInstruction(
    string PayoutId,
    string MerchantId,
    long AmountMinor,
    string Currency,
    PayoutAccount Account,
    ChannelKind Channel,
    DateOnly ValueDate,
    DateTime InstructedAtLocal);
