using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Payouts;

/// <summary>Where a payout goes: the merchant's settlement account.</summary>
public sealed record PayoutAccount(string BankCode, string AccountNumber, PayoutDestination Destination);
