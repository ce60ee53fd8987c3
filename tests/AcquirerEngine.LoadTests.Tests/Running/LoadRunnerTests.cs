using AcquirerEngine.LoadTests.Load;
using AcquirerEngine.LoadTests.Running;
using AcquirerEngine.LoadTests.Scenarios;
using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Tests.Running;

public sealed class LoadRunnerTests
{
    [Fact]
    public async Task AnOpenStage_SendsExactlyItsScheduledInjections_AndWarmUpIsNeverRecorded()
    {
        var calls = 0;
        var stats = new RunStats();
        var runner = new LoadRunner(TimeProvider.System, maxInFlight: 1_000, Iteration(() => Interlocked.Increment(ref calls)), stats);

        // 100/s for 0.1 s warm-up = 10 injections, then 100/s for 0.2 s = 20 measured ones.
        var timeline = await runner.RunAsync(
            [new OpenRate(100, TimeSpan.FromMilliseconds(100), Warmup: true), new OpenRate(100, TimeSpan.FromMilliseconds(200))],
            [],
            floor: null,
            TimeSpan.FromSeconds(10),
            CancellationToken.None);

        var step = Assert.Single(stats.Snapshot(timeline.MeasuredSeconds));
        Assert.Equal(30, calls);
        Assert.Equal((20L, 0L), (step.Ok, step.Failed));
        // Reported, and about as long as scheduled: timers may fire a tick early, so a little under 0.1 s is fine.
        Assert.InRange(timeline.WarmupSeconds, 0.08, 10);

        // Every measured injection's start is measured against its intended time; warm-up ones are not.
        Assert.Equal(20, timeline.StartLag.Count);
        Assert.True(timeline.StartLag.MinMicros >= 0 && timeline.StartLag.MaxMicros >= timeline.StartLag.P50Micros);
    }

    [Fact]
    public async Task AClosedStage_RecordsEveryIterationItsWorkersRan()
    {
        var calls = 0;
        var stats = new RunStats();
        var runner = new LoadRunner(TimeProvider.System, maxInFlight: 1_000, Iteration(() => Interlocked.Increment(ref calls)), stats);

        // Long enough that even a loaded machine schedules the workers more than once.
        var timeline = await runner.RunAsync([new Closed(3, TimeSpan.FromSeconds(1))], [], null, TimeSpan.FromSeconds(10), CancellationToken.None);

        var step = Assert.Single(stats.Snapshot(timeline.MeasuredSeconds));
        Assert.True(calls > 0);
        Assert.Equal(calls, step.Ok);

        // Closed workers start each iteration when the last one ends: there is no schedule to be late for.
        Assert.Equal(0, timeline.StartLag.Count);
    }

    [Fact]
    public async Task PastTheInFlightCap_InjectionsAreCountedAsSaturated_NotSkipped()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stats = new RunStats();
        var runner = new LoadRunner(
            TimeProvider.System,
            maxInFlight: 2,
            async _ =>
            {
                await release.Task;
                return new StepRecord("sale", StepOutcome.Success(1, 1));
            },
            stats);

        var run = runner.RunAsync([new OpenRate(100, TimeSpan.FromMilliseconds(100))], [], null, TimeSpan.FromSeconds(10), CancellationToken.None);
        // Both slots stay busy until every injection of the stage has been handed out.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Saturated(stats) < 8 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        release.SetResult();
        var timeline = await run;

        var step = Assert.Single(stats.Snapshot(timeline.MeasuredSeconds));
        Assert.Equal((2L, 8L, 8L), (step.Ok, step.Statuses["CLIENT_SATURATED"], timeline.Saturated));
    }

    private static long Saturated(RunStats stats) =>
        stats.Snapshot(1).SingleOrDefault()?.Statuses.GetValueOrDefault("CLIENT_SATURATED") ?? 0;

    private static Func<CancellationToken, Task<StepRecord>> Iteration(Action onCall) => _ =>
    {
        onCall();
        return Task.FromResult(new StepRecord("sale", StepOutcome.Success(10, 5)));
    };
}
