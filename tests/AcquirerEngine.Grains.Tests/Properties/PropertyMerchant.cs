using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>One merchant of the property's world: its contract and its terminals.</summary>
public sealed record PropertyMerchant(
    string MerchantId,
    SettlementCycle Cycle,
    AccountType AccountType,
    bool SameBank,
    long? FirstSaleHoldAboveMinor,
    long? SameDayQuotaMinor,
    IReadOnlyList<string> TerminalIds)
{
    public const string BankCode = "ICBC";

    /// <summary>
    /// T1 with a low first-sale review threshold (two terminals); D1; T0 to a same-bank account with a
    /// same-day quota; T1 to a Class II personal account (10,000 CNY a day inbound).
    /// </summary>
    public static IReadOnlyList<PropertyMerchant> All { get; } =
    [
        new("898340149100001", SettlementCycle.T1, AccountType.Corporate, false, 100_00, null, ["T1000011", "T1000012"]),
        new("898340149100002", SettlementCycle.D1, AccountType.Corporate, false, null, null, ["T1000021"]),
        new("898340149100003", SettlementCycle.T0, AccountType.Corporate, true, null, 150_000_00, ["T1000031"]),
        new("898340149100004", SettlementCycle.T1, AccountType.ClassII, false, null, null, ["T1000041"]),
    ];

    public string AccountNumber => "62220000" + MerchantId[^8..];

    public MerchantProfile Profile() =>
        new(
            MerchantId,
            $"Merchant {MerchantId}",
            new MerchantAccount(BankCode, AccountNumber, AccountType, SameBank),
            RateTables.Standard,
            Cycle,
            SameDayQuotaMinor,
            FirstSaleHoldAboveMinor);
}
