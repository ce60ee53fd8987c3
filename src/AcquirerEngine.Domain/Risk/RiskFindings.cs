namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// What the rules fired for one sale, in firing order. A value collected by reference: every capture is evaluated
/// and nearly none fires, so the lists are made only when a rule fires (the evaluator used to make three lists, a
/// closure and a delegate per sale).
/// </summary>
internal struct RiskFindings
{
    private List<RiskReason>? _reasons;
    private List<RiskAlert>? _alerts;
    private List<string>? _holdMessages;

    public void Fire(RiskSale sale, RiskReason reason, RiskAlertKind kind, bool holds, string message)
    {
        (_reasons ??= []).Add(reason);
        (_alerts ??= []).Add(new RiskAlert(kind, sale.MerchantId, sale.TransactionId, message, sale.LocalTime));
        if (holds)
        {
            (_holdMessages ??= []).Add(message);
        }
    }

    public readonly RiskAssessment ToAssessment() =>
        _reasons is null || _alerts is null
            ? RiskAssessment.Clear
            : new RiskAssessment(_holdMessages is not null, _reasons, _alerts) { HoldText = _holdMessages is null ? string.Empty : string.Join("; ", _holdMessages) };
}
