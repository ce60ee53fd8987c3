namespace AcquirerEngine.Domain.Ledger;

public enum PayoutResult
{
    Recorded = 1,

    /// <summary>The same step was recorded before (a channel retry): nothing appended.</summary>
    AlreadyRecorded = 2,
    PayoutNotFound = 3,

    /// <summary>The step does not follow from the payout's status (e.g. credited before sent, or anything after returned).</summary>
    InvalidTransition = 4,

    /// <summary>Sent again with another trace id: refused, a payout is never sent twice.</summary>
    ConflictDifferentTrace = 5,
}
