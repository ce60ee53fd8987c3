using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>ListPayouts: one payout with its explanation (state, channel, trace, reason, expected date).</summary>
public sealed record MerchantPayoutView(PayoutView Payout, Explanation Explanation);
