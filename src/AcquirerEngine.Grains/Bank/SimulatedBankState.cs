namespace AcquirerEngine.Grains.Bank;

/// <summary>The simulated bank's books: final answers by payout id, the statement, and account flags.</summary>
public sealed class SimulatedBankState
{
    /// <summary>The final (credited or returned) answer per payout id: what a retry gets back.</summary>
    public Dictionary<string, BankCreditResult> Results { get; set; } = [];

    /// <summary>Requests lost before the bank acted, per payout id, so each retry rolls fresh dice.</summary>
    public Dictionary<string, int> LostAttempts { get; set; } = [];

    /// <summary>
    /// Landing times of credits recorded but not yet landed (latency), per payout id. Landed entries are
    /// pruned on the next recorded credit, so this holds about latency x credit rate entries.
    /// </summary>
    public Dictionary<string, DateTimeOffset> Landings { get; set; } = [];

    /// <summary>Every credit in the order it was made.</summary>
    public List<StatementLine> Statement { get; set; } = [];

    public HashSet<string> FrozenAccounts { get; set; } = [];

    public HashSet<string> ClosedAccounts { get; set; } = [];

    public long NextTrace { get; set; } = 1;
}
