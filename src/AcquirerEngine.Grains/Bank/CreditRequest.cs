using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Bank;

/// <summary>A credit to a beneficiary account, sent by a payout rail. <paramref name="PayoutId"/> is the idempotency key.</summary>
public sealed record CreditRequest(
    string PayoutId,
    string BankCode,
    string AccountNumber,
    long AmountMinor,
    ChannelKind Channel);
