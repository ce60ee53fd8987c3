using AcquirerEngine.LoadTests.Load;

namespace AcquirerEngine.LoadTests.Tests.Load;

public sealed class OpenPacerTests
{
    [Fact]
    public void OpenRate_InjectsTheRateInEverySecond()
    {
        Assert.Equal([10, 10, 10], InjectionsPerSecond(new OpenRate(10, TimeSpan.FromSeconds(3)), seconds: 3));
    }

    [Fact]
    public void Ramp_FollowsTheIntegralOfTheRate()
    {
        // 0 -> 20/s over 2 s: 5 t^2 injections by time t, so 5 in the first second and 15 in the second.
        Assert.Equal([5, 15], InjectionsPerSecond(new Ramp(0, 20, TimeSpan.FromSeconds(2)), seconds: 2));
    }

    [Fact]
    public void RampDown_MirrorsTheRampUp()
    {
        // 20 -> 0/s over 2 s: 20t - 5t^2 by time t: 15, then 5.
        Assert.Equal([15, 5], InjectionsPerSecond(new Ramp(20, 0, TimeSpan.FromSeconds(2)), seconds: 2));
    }

    [Fact]
    public void ALateWakeUp_HandsOutEverythingThatFellDue_EachWithItsIntendedTime()
    {
        var time = new ManualTimeProvider();
        var pacer = new OpenPacer(new OpenRate(4, TimeSpan.FromSeconds(2)), time);
        time.Advance(TimeSpan.FromSeconds(1.1));

        var due = pacer.TakeDue();

        // The sender fell behind by a second; the schedule did not move: 0, 0.25, 0.5, 0.75, 1.0.
        Assert.Equal([0, 0.25, 0.5, 0.75, 1.0], due.Select(d => d.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(1.25), pacer.NextDue);
    }

    [Fact]
    public void ClosedAndPauseStages_InjectNothingOnSchedule()
    {
        Assert.Empty(InjectionSchedule.Offsets(new Closed(4, TimeSpan.FromSeconds(5))));
        Assert.Empty(InjectionSchedule.Offsets(new Pause(TimeSpan.FromSeconds(5))));
    }

    private static int[] InjectionsPerSecond(LoadStage stage, int seconds)
    {
        var time = new ManualTimeProvider();
        var pacer = new OpenPacer(stage, time);
        var counts = new int[seconds];
        for (var second = 0; second < seconds; second++)
        {
            // Just before the next whole second: everything intended inside this second is due.
            time.Advance(second == 0 ? TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1) : TimeSpan.FromSeconds(1));
            counts[second] = pacer.TakeDue().Count;
        }

        Assert.True(pacer.Done, "the stage injected past its end");
        return counts;
    }
}
