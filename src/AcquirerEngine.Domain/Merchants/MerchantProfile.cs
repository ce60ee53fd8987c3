using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Merchants;

/// <summary>
/// Everything the acquirer contracted with a merchant: who it is, where its money goes, what it pays, how
/// fast it is paid and its risk settings. Plain and serializable (part of the merchant grain's state).
/// </summary>
/// <param name="SameDayQuotaMinor">T0/D0 quota per settlement run; null means none.</param>
/// <param name="FirstSaleHoldAboveMinor">A new merchant's first sale above this is held for review; null = engine default.</param>
public sealed record MerchantProfile(
    string MerchantId,
    string Name,
    MerchantAccount Account,
    PricingPlan Pricing,
    SettlementCycle Cycle,
    long? SameDayQuotaMinor,
    long? FirstSaleHoldAboveMinor)
{
    /// <summary>A profile with the defaults: standard pricing, T+1, no same-day quota, the engine's risk threshold.</summary>
    public static MerchantProfile Create(string merchantId, string name, MerchantAccount account) =>
        new(merchantId, name, account, RateTables.Standard, SettlementCycle.T1, null, null);
}
