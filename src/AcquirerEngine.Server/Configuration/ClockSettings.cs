namespace AcquirerEngine.Server.Configuration;

public sealed class ClockSettings
{
    /// <summary>
    /// "system" (production: the real clock) or "simulated" (tests, demos, load tests: time moves only
    /// through OperatorService.AdvanceClock, so days of settlement replay in seconds).
    /// </summary>
    public string Mode { get; set; } = "system";

    /// <summary>Acquirer-local start of the simulated clock, "2026-09-30T08:00:00".</summary>
    public string? SimulatedStart { get; set; }
}
