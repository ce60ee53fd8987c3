namespace AcquirerEngine.Grains.Bank;

/// <summary>The simulated bank's books: final answers by payout id, the statement, and account flags.</summary>
public sealed class SimulatedBankState
{
    /// <summary>The final (credited or returned) answer per payout id: what a retry gets back.</summary>
    public Dictionary<string, BankCreditResult> Results { get; set; } = [];

    /// <summary>Requests lost before the bank acted, per payout id, so each retry rolls fresh dice.</summary>
    public Dictionary<string, int> LostAttempts { get; set; } = [];

    /// <summary>Every credit in the order it was made.</summary>
    public List<StatementLine> Statement { get; set; } = [];

    public HashSet<string> FrozenAccounts { get; set; } = [];

    public HashSet<string> ClosedAccounts { get; set; } = [];

    public long NextTrace { get; set; } = 1;
}
