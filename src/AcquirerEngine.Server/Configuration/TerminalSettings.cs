namespace AcquirerEngine.Server.Configuration;

public sealed class TerminalSettings
{
    /// <summary>ISO 4217 codes the acquirer accepts from terminals.</summary>
    public string[] AcceptedCurrencies { get; set; } = ["CNY"];

    /// <summary>Largest single sale a terminal may make, in minor units; above it the sale is declined.</summary>
    public long MaxSaleAmountMinor { get; set; } = 100_000_000;

    /// <summary>An alert is raised when a terminal's batch has been open longer than this many days; 0 turns it off.</summary>
    public int BatchOpenAlertAfterDays { get; set; } = 3;

    /// <summary>
    /// How often a terminal re-sends money facts its merchant could not take yet (the merchant's node was down, its
    /// shard moving): the bound on how long a sale may wait to reach the merchant's ledger. At least 1.
    /// </summary>
    public int ForwardRetrySeconds { get; set; } = 60;

    /// <summary>
    /// True: a sale's reply waits until its merchant's ledger has it (a second durable write on the reply path).
    /// False (default): the reply follows the terminal's durable write and the ledger follows a moment later.
    /// </summary>
    public bool MerchantOnReplyPath { get; set; }
}
