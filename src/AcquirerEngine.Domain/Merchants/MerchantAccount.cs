using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Merchants;

/// <summary>The merchant's settlement account: where payouts go.</summary>
/// <param name="SameBank">True when the account is at the acquirer's own bank (same-bank internal transfer).</param>
public sealed record MerchantAccount(string BankCode, string AccountNumber, AccountType AccountType, bool SameBank)
{
    public AccountDestination Destination => SameBank ? AccountDestination.SameBank : AccountDestination.Interbank;
}
