namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>How much <see cref="GrainSettlementInvariants"/> may demand at a point of the run.</summary>
public enum GrainCheckLevel
{
    /// <summary>Safety only: R11, journal replay, bank statement = paid bucket, nothing lost between terminal and ledger.</summary>
    EveryStep = 1,

    /// <summary>Also: every payout finished (credited or returned), every rail queue and outbox empty.</summary>
    Drained = 2,

    /// <summary>Also (freezes lifted, holds released): no hold left, and nothing due is left unpaid (Class II excepted: its cap defers).</summary>
    NothingDue = 3,
}
