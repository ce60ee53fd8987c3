namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>What one step of a random sequence does to the engine (see <see cref="GrainSequenceRunner"/>).</summary>
public enum GrainOperationKind
{
    /// <summary>A new sale on a terminal (debit or credit; amounts up to 200,000 CNY, so HVPS is needed).</summary>
    Sale = 1,

    /// <summary>A terminal retry of a known sale: same body (duplicate) or a changed amount (conflict).</summary>
    SaleRetry = 2,

    /// <summary>A void of a known sale (full amount, sometimes a wrong amount).</summary>
    Void = 3,

    /// <summary>A reversal keyed on a known sale.</summary>
    ReverseKnown = 4,

    /// <summary>A reversal of a STAN the terminal never used: no money may move.</summary>
    ReverseUnknown = 5,

    /// <summary>A partial or full refund of a sale (sometimes above what is left, sometimes of an unsettled sale).</summary>
    Refund = 6,

    /// <summary>A batch settlement (0500) with the terminal's totals, sometimes wrong, then upload (0320) when asked.</summary>
    SettleBatch = 7,

    /// <summary>An operator releases a held transaction.</summary>
    ReleaseHold = 8,

    /// <summary>An operator rejects a held transaction (money back to the cardholder).</summary>
    RejectHold = 9,

    /// <summary>The acquirer freezes or unfreezes the merchant's settlement (ledger freeze).</summary>
    ToggleMerchantFreeze = 10,

    /// <summary>The beneficiary bank freezes or unfreezes the merchant's account (payouts are returned).</summary>
    ToggleBankFreeze = 11,

    /// <summary>A maintenance window on a random rail, starting up to two hours ago or later, lasting minutes to two days.</summary>
    Maintenance = 12,

    /// <summary>An operator cancels a maintenance window announced earlier.</summary>
    CancelMaintenance = 13,

    /// <summary>The simulated clock moves on: minutes, hours, days, or to the next rail/cut-off/run edge.</summary>
    AdvanceClock = 14,

    /// <summary>The process restarts over the same stores (sometimes after downtime, during which the clock moves on).</summary>
    Restart = 15,
}
