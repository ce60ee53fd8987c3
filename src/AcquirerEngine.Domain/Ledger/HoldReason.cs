namespace AcquirerEngine.Domain.Ledger;

/// <summary>Who put the hold on: the risk rules at capture (see the risk reasons) or an operator.</summary>
public enum HoldReason
{
    None = 0,
    RiskReview = 1,
    Operator = 2,
}
