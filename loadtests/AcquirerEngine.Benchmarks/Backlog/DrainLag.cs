namespace AcquirerEngine.Benchmarks.Backlog;

/// <summary>
/// What a drain measured on the simulated clock would cost on a real one. The rail is woken once per drain period;
/// on a real clock a drain that takes longer than the period delays every later drain, and a fast one leaves the
/// engine idle until the next tick. So the lag carried into tick i+1 is max(0, lag(i) + work(i) - period), and the
/// last credit lands lag(last) + work(last) after the last modeled tick: the engine's overhead beyond the rate.
/// </summary>
public static class DrainLag
{
    /// <summary>
    /// The wall time a real-clock drain would end after the modeled end (the last tick): the queued-up lag before
    /// the last tick plus that tick's own work. Zero work gives zero overhead.
    /// </summary>
    public static double OverheadSeconds(IReadOnlyList<double> stepWorkSeconds, double periodSeconds)
    {
        ArgumentNullException.ThrowIfNull(stepWorkSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodSeconds);
        if (stepWorkSeconds.Count == 0)
        {
            return 0;
        }

        var lag = 0.0;
        for (var i = 0; i < stepWorkSeconds.Count - 1; i++)
        {
            lag = Math.Max(0, lag + stepWorkSeconds[i] - periodSeconds);
        }

        return lag + stepWorkSeconds[^1];
    }
}
