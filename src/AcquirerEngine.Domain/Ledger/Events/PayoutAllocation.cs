namespace AcquirerEngine.Domain.Ledger;

/// <summary>One transaction's share of a payout; negative when a carried refund is deducted.</summary>
public sealed record PayoutAllocation(string TransactionId, FundsSource Source, long AmountMinor);
