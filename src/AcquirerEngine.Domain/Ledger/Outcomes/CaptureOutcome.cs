using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Ledger;

/// <param name="Risk">The verdict for a new capture (alerts included, even without a hold); null otherwise.</param>
public sealed record CaptureOutcome(CaptureResult Result, RiskAssessment? Risk, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
