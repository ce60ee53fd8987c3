using AcquirerEngine.Contracts.V1;

namespace AcquirerEngine.LoadTests.Scenarios;

/// <summary>How a scenario onboards its merchants: settlement cycle and the first-sale review threshold.</summary>
public sealed record MerchantTerms(SettlementCycle Cycle, long FirstSaleReviewThresholdMinor)
{
    /// <summary>T+1, and first sales above 50,000 CNY held for review (no ordinary ticket reaches it).</summary>
    public static MerchantTerms Standard { get; } = new(SettlementCycle.T1, 5_000_000);

    public OnboardMerchantRequest Onboarding(string merchantId) => new()
    {
        MerchantId = merchantId,
        Name = "Load shop " + merchantId,
        Account = new SettlementAccount
        {
            BankCode = "ICBC",
            AccountNumber = TradingData.AccountNumber(merchantId),
            AccountType = AccountType.Corporate,
            SameBank = false,
        },
        Cycle = Cycle,
        Risk = new RiskProfile { FirstSaleReviewThresholdMinor = FirstSaleReviewThresholdMinor },
    };
}
