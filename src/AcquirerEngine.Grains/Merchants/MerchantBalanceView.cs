using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>GetMerchantBalance: the ledger's buckets plus whether the settlement account is frozen.</summary>
public sealed record MerchantBalanceView(string MerchantId, MerchantBalance Balance, bool Frozen, string? FrozenReason);
