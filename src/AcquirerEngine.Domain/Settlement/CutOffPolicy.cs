namespace AcquirerEngine.Domain.Settlement;

/// <summary>
/// The acquirer's daily cut-off (日切, R1). Times are acquirer-local wall-clock values: the domain has no
/// time zones, the host converts once at the edge.
/// </summary>
public sealed record CutOffPolicy
{
    /// <summary>Local time at which the clearing date rolls over. Default 23:00 (per acquirer).</summary>
    public TimeOnly CutOff { get; init; } = new(23, 0);

    public static CutOffPolicy Default { get; } = new();

    /// <summary>
    /// R1: the local date of <paramref name="localTime"/> when it is before the cut-off; at or after the
    /// cut-off, the next calendar date.
    /// </summary>
    public DateOnly ClearingDate(DateTime localTime)
    {
        // A midnight cut-off would make every instant "at or after" it and push all business a day late:
        // that is a configuration mistake, not a policy.
        Invariant.Require(CutOff != TimeOnly.MinValue, "a cut-off of 00:00 would move every sale to the next day");
        var date = DateOnly.FromDateTime(localTime);
        return TimeOnly.FromDateTime(localTime) < CutOff ? date : date.AddDays(1);
    }
}
