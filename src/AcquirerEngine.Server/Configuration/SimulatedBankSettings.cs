namespace AcquirerEngine.Server.Configuration;

/// <summary>The simulated bank payouts go to (tests, demos, load tests): its failure modes are settings.</summary>
public sealed class SimulatedBankSettings
{
    public int Seed { get; set; } = 20260101;

    /// <summary>Share of credits whose request is lost (nothing credited; the rail retries).</summary>
    public double TimeoutRate { get; set; }

    /// <summary>Share of credits the bank returns.</summary>
    public double ReturnRate { get; set; }

    /// <summary>Share of credits made whose reply is lost (the retry must not credit twice).</summary>
    public double TimeoutAfterCreditRate { get; set; }

    /// <summary>Seconds a credit takes to land: payouts are in transit (sent, not yet credited) meanwhile. 0 = at once.</summary>
    public int LatencySeconds { get; set; }

    /// <summary>Accounts frozen at the bank from the start, "BANKCODE:ACCOUNTNUMBER": payouts to them come back.</summary>
    public string[] FrozenAccounts { get; set; } = [];
}
