using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Bank;

/// <summary>
/// The beneficiary side of the books for tests, demos and load tests (key: a bank name, e.g. "simbank").
/// Idempotent by payout id: a repeated payout id gets the original answer and is never credited twice.
/// It never calls other grains, so a rail may call it from inside its own turn.
/// </summary>
public interface ISimulatedBankGrain : IGrainWithStringKey
{
    Task<BankCreditResult> CreditAsync(CreditRequest request);

    Task FreezeAccountAsync(string bankCode, string accountNumber);

    Task UnfreezeAccountAsync(string bankCode, string accountNumber);

    Task CloseAccountAsync(string bankCode, string accountNumber);

    /// <summary>The credits to one account, in the order they were made.</summary>
    Task<IReadOnlyList<StatementLine>> GetStatementAsync(string bankCode, string accountNumber);

    /// <summary>Every credit the bank made, in order (reconciliation in tests and load runs).</summary>
    Task<IReadOnlyList<StatementLine>> GetAllCreditsAsync();
}
