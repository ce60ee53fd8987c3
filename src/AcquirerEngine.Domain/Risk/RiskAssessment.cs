namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// The verdict on one sale: whether its funds are held for review, every rule that fired (in rule order,
/// so the first reason is the headline), and the alerts to raise. Some rules alert without holding.
/// </summary>
public sealed record RiskAssessment(
    bool Hold,
    IReadOnlyList<RiskReason> Reasons,
    IReadOnlyList<RiskAlert> Alerts)
{
    public static RiskAssessment Clear { get; } = new(false, [], []);

    /// <summary>The messages of the rules that hold, joined: what an operator reads next to the hold.</summary>
    public string HoldText { get; init; } = "";
}
