using AcquirerEngine.LoadTests.Load;
using AcquirerEngine.LoadTests.Scenarios;
using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Running;

/// <summary>
/// Runs load stages one after another. Open stages send on schedule whatever the engine's latency
/// (latency counts from the intended send time); closed stages keep a fixed number of iterations in
/// flight. Warm-up iterations run like any other but are not recorded. Scenario events fire at their
/// offsets from the start of the measured part, alongside the load.
/// </summary>
/// <remarks>
/// An open stage is paced by a thread of its own that sleeps between injections. Task.Delay is not precise
/// enough for it: on a Linux machine measured here it wakes about 4.4 ms after a 1 ms request (Thread.Sleep
/// 1.1 ms), so injections left in bursts about 2 ms late on average, and since latency counts from the
/// intended time, the harness's own lateness was charged to the engine. <see cref="RunTimeline.StartLag"/>
/// reports that lateness, so a run shows whether the harness kept its schedule.
/// </remarks>
public sealed class LoadRunner
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);

    private readonly TimeProvider _time;
    private readonly int _maxInFlight;
    private readonly Func<CancellationToken, Task<StepRecord>> _iteration;
    private readonly RunStats _stats;
    private readonly LatencyHistogram _startLag = new();
    private readonly Lock _startLagGate = new();
    private long _origin;
    private TimeSpan? _measureStart;
    private int _inFlight;
    private long _saturated;

    public LoadRunner(TimeProvider time, int maxInFlight, Func<CancellationToken, Task<StepRecord>> iteration, RunStats stats)
    {
        _time = time;
        _maxInFlight = maxInFlight;
        _iteration = iteration;
        _stats = stats;
    }

    /// <summary>Iterations started and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Seconds since the measured part began (0 during warm-up).</summary>
    public double MeasuredElapsedSeconds => _measureStart is { } start ? (Now() - start).TotalSeconds : 0;

    public bool InWarmup => _measureStart is null;

    public async Task<RunTimeline> RunAsync(
        IReadOnlyList<LoadStage> stages,
        IReadOnlyList<ScenarioEvent> events,
        TradingFloor? floor,
        TimeSpan drainTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stages);
        _origin = _time.GetTimestamp();
        var measuredStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopEvents = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventsTask = RunEventsAsync(events, floor, measuredStarted.Task, stopEvents.Token);
        TimeSpan warmup = TimeSpan.Zero;
        foreach (var stage in stages)
        {
            if (!stage.Warmup && _measureStart is null)
            {
                warmup = Now();
                _measureStart = warmup;
                measuredStarted.TrySetResult();
            }

            await RunStageAsync(stage, cancellationToken).ConfigureAwait(false);
        }

        var measuredEnd = Now();
        measuredStarted.TrySetResult();
        var drainUntil = Now() + drainTimeout;
        while (InFlight > 0 && Now() < drainUntil)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, CancellationToken.None).ConfigureAwait(false);
        }

        await stopEvents.CancelAsync().ConfigureAwait(false);
        var outcomes = await eventsTask.ConfigureAwait(false);
        var measured = _measureStart is { } start ? (measuredEnd - start).TotalSeconds : 0;
        LatencySummary startLag;
        lock (_startLagGate)
        {
            startLag = LatencySummary.From(_startLag);
        }

        return new RunTimeline(measured, warmup.TotalSeconds, outcomes, Interlocked.Read(ref _saturated), startLag);
    }

    private TimeSpan Now() => _time.GetElapsedTime(_origin);

    private async Task RunStageAsync(LoadStage stage, CancellationToken cancellationToken)
    {
        switch (stage)
        {
            case Closed closed:
                var end = Now() + closed.Duration;
                var workers = Enumerable.Range(0, closed.Concurrency).Select(_ => Task.Run(
                    async () =>
                    {
                        while (Now() < end && !cancellationToken.IsCancellationRequested)
                        {
                            await RunOneAsync(Now(), closed.Warmup, cancellationToken).ConfigureAwait(false);
                        }
                    },
                    CancellationToken.None));
                await Task.WhenAll(workers).ConfigureAwait(false);
                break;
            case OpenRate or Ramp:
                var paced = await RunOnPacingThreadAsync(() => PaceOpenStage(stage, cancellationToken)).ConfigureAwait(false);

                // The stage lasts its full duration even when its last injection came early.
                var left = stage.Duration - paced;
                if (left > TimeSpan.Zero && !cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(left, _time, CancellationToken.None).ConfigureAwait(false);
                }

                break;
            default:
                await Task.Delay(stage.Duration, _time, CancellationToken.None).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Runs a pacing loop on a new thread (not a pool thread, which the load itself keeps busy).</summary>
    private static Task<TimeSpan> RunOnPacingThreadAsync(Func<TimeSpan> pace)
    {
        var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.TrySetResult(pace());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "open-model pacer",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Hands out the stage's injections as they fall due; returns how long after its start it ended.</summary>
    private TimeSpan PaceOpenStage(LoadStage stage, CancellationToken cancellationToken)
    {
        var stageStart = Now();
        var pacer = new OpenPacer(stage, _time);
        while (!pacer.Done && !cancellationToken.IsCancellationRequested)
        {
            foreach (var offset in pacer.TakeDue())
            {
                Fire(stageStart + offset, stage.Warmup, cancellationToken);
            }

            if (pacer.NextDue is { } next)
            {
                var sleep = next - pacer.Elapsed;
                SleepFor(sleep > MinimumSleep ? sleep : MinimumSleep);
            }
        }

        return pacer.Elapsed;
    }

    /// <summary>Blocks the pacing thread: the system clock's own sleep, or a delay on any other clock (tests).</summary>
    private void SleepFor(TimeSpan span)
    {
        if (ReferenceEquals(_time, TimeProvider.System))
        {
            Thread.Sleep(span);
        }
        else
        {
            Task.Delay(span, _time, CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private void RecordStartLag(TimeSpan intended)
    {
        var lagMicros = Math.Max(0, (Now() - intended).Ticks / 10);
        lock (_startLagGate)
        {
            _startLag.Record(lagMicros);
        }
    }

    private void Fire(TimeSpan intended, bool warmup, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _inFlight) > _maxInFlight)
        {
            // Past the cap the harness itself is the bottleneck: count it, never silently skip it.
            Interlocked.Decrement(ref _inFlight);
            Interlocked.Increment(ref _saturated);
            if (!warmup)
            {
                Record(new StepRecord("sale", StepOutcome.Failure("CLIENT_SATURATED", 0)), intended);
            }

            return;
        }

        _ = Task.Run(
            async () =>
            {
                try
                {
                    if (!warmup)
                    {
                        RecordStartLag(intended);
                    }

                    await RunCountedAsync(intended, warmup, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            },
            CancellationToken.None);
    }

    private async Task RunOneAsync(TimeSpan intended, bool warmup, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await RunCountedAsync(intended, warmup, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task RunCountedAsync(TimeSpan intended, bool warmup, CancellationToken cancellationToken)
    {
        StepRecord record;
        try
        {
            record = await _iteration(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            record = new StepRecord("sale", StepOutcome.Failure("CANCELLED", 0));
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
        {
            record = new StepRecord("sale", StepOutcome.Failure("HARNESS_" + ex.GetType().Name, 0));
        }

        if (!warmup)
        {
            Record(record, intended);
        }
    }

    private void Record(StepRecord record, TimeSpan intended)
    {
        var now = Now();
        var latency = now - intended;
        var second = _measureStart is { } start ? (int)Math.Max(0, (now - start).TotalSeconds) : 0;
        _stats.Step(record.Step).Record(record.Outcome, Math.Max(0, latency.Ticks / 10), second);
    }

    private async Task<IReadOnlyList<EventOutcome>> RunEventsAsync(
        IReadOnlyList<ScenarioEvent> events,
        TradingFloor? floor,
        Task measuredStarted,
        CancellationToken cancellationToken)
    {
        var outcomes = new List<EventOutcome>();
        if (events.Count == 0 || floor is null)
        {
            return outcomes;
        }

        await measuredStarted.ConfigureAwait(false);
        foreach (var scenarioEvent in events.OrderBy(e => e.At))
        {
            var wait = (_measureStart ?? TimeSpan.Zero) + scenarioEvent.At - Now();
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                }

                await scenarioEvent.Action(floor, cancellationToken).ConfigureAwait(false);
                outcomes.Add(new EventOutcome(scenarioEvent.Name, MeasuredElapsedSeconds, true, "done"));
            }
            catch (OperationCanceledException)
            {
                outcomes.Add(new EventOutcome(scenarioEvent.Name, MeasuredElapsedSeconds, false, "not reached before the run ended"));
            }
            catch (AcquirerEngine.Grpc.RpcException ex)
            {
                outcomes.Add(new EventOutcome(scenarioEvent.Name, MeasuredElapsedSeconds, false, $"{StatusNames.Of(ex.StatusCode)}: {ex.Message}"));
            }
        }

        return outcomes;
    }
}
