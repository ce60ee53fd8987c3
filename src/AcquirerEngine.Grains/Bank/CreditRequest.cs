using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Bank;

/// <summary>
/// A credit to a beneficiary account, sent by a payout rail. <paramref name="PayoutId"/> is the idempotency key.
/// <paramref name="ValueDate"/>: the rail's business date at the send (R4: HVPS night session counts for the next working day).
/// </summary>
public sealed record CreditRequest(
    string PayoutId,
    string BankCode,
    string AccountNumber,
    long AmountMinor,
    ChannelKind Channel,
    DateOnly? ValueDate = null);
