namespace AcquirerEngine.Domain.Ledger;

/// <summary>Due money a run did not pay, and why; it is due again at the next run.</summary>
public sealed record FundsDeferral(string TransactionId, FundsSource Source, long AmountMinor, DeferralReason Reason);
