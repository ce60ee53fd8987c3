namespace AcquirerEngine.LoadTests.Load;

/// <summary>
/// When an open stage intends to send each iteration, as offsets from the stage's start. The runner
/// measures latency from these intended times, not from when it got round to sending, so a slow engine
/// cannot hide its queueing from the results (no coordinated omission).
/// </summary>
public static class InjectionSchedule
{
    public static IEnumerable<TimeSpan> Offsets(LoadStage stage) => stage switch
    {
        OpenRate open => Constant(open.Rate, open.Duration),
        Ramp ramp => Linear(ramp.From, ramp.To, ramp.Duration),
        _ => [],
    };

    private static IEnumerable<TimeSpan> Constant(double rate, TimeSpan duration)
    {
        if (rate <= 0)
        {
            yield break;
        }

        for (long i = 0; ; i++)
        {
            var at = i / rate;
            if (at >= duration.TotalSeconds)
            {
                yield break;
            }

            yield return TimeSpan.FromSeconds(at);
        }
    }

    // The i-th injection is where the integral of the rate reaches i: from*t + (to-from)*t^2/(2T) = i.
    private static IEnumerable<TimeSpan> Linear(double from, double to, TimeSpan duration)
    {
        var total = duration.TotalSeconds;
        if (total <= 0 || (from <= 0 && to <= 0))
        {
            yield break;
        }

        var k = (to - from) / (2 * total);
        for (long i = 0; ; i++)
        {
            double at;
            if (Math.Abs(k) < 1e-12)
            {
                at = i / from;
            }
            else
            {
                var discriminant = (from * from) + (4 * k * i);
                if (discriminant < 0)
                {
                    yield break;
                }

                at = (-from + Math.Sqrt(discriminant)) / (2 * k);
            }

            if (double.IsNaN(at) || at >= total)
            {
                yield break;
            }

            yield return TimeSpan.FromSeconds(at);
        }
    }
}
