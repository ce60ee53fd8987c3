namespace AcquirerEngine.LoadTests.Load;

/// <summary>
/// One stage of a load plan. Stages run one after another; a warm-up stage drives the engine like any
/// other but nothing it measures is reported.
/// </summary>
public abstract record LoadStage(TimeSpan Duration, bool Warmup)
{
    /// <summary>A short description for progress lines and reports ("ramp 10/s -> 100/s over 30s").</summary>
    public abstract string Describe();

    protected static string Seconds(TimeSpan duration) => $"{duration.TotalSeconds:0.###}s";
}
