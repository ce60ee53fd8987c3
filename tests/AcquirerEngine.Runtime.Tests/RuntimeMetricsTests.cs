using System.Diagnostics.Metrics;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Tests.TestGrains;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>
/// The runtime's instruments, read with a MeterListener. The grain type name is unique to each test, so
/// the other runtimes tests run in parallel do not show in the figures.
/// </summary>
public sealed class RuntimeMetricsTests
{
    [Fact]
    public async Task Activations_and_mailbox_depth_are_observed_by_grain_type_and_creations_and_deactivations_counted()
    {
        var grainType = "metrics-counter-" + Guid.NewGuid().ToString("N");
        using var figures = new RuntimeFigures(grainType);
        var runtime = await StartRuntimeAsync(grainType);
        var gate = new TaskCompletionSource();
        var busy = runtime.GrainFactory.GetGrain<ICounterGrain>("busy");
        await Wait.Bounded(busy.Add(1));
        await Wait.Bounded(runtime.GrainFactory.GetGrain<ICounterGrain>("idle").Add(1));

        // One turn held open and two calls queued behind it.
        var held = busy.WaitFor(gate.Task);
        var queued = new[] { busy.Add(1), busy.Add(1) };
        await Wait.UntilAsync(() => figures.Observe("acquirer.runtime.mailbox.depth") == 2, "two turns queued");
        var whileBusy = (
            Activations: figures.Observe("acquirer.runtime.activations"),
            Depth: figures.Observe("acquirer.runtime.mailbox.depth"),
            MaxDepth: figures.Observe("acquirer.runtime.mailbox.depth.max"));
        gate.SetResult();
        await Wait.Bounded(Task.WhenAll([held, .. queued]));
        await runtime.DisposeAsync();

        Assert.Equal((2, 2, 2), whileBusy);
        Assert.Equal(2, figures.Total("acquirer.runtime.activations.created"));
        Assert.Equal(2, figures.Total("acquirer.runtime.activations.deactivated"));
        Assert.Null(figures.Observe("acquirer.runtime.activations"));
    }

    private static async Task<GrainRuntime> StartRuntimeAsync(string grainType)
    {
        var clock = new SimulatedTimeProvider(TestHost.Start) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(new InMemoryGrainStorage(clock))
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .AddGrain<ICounterGrain, CounterGrain>(grainType, () => new CounterGrain(new GrainProbe()))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return runtime;
    }

    /// <summary>Measurements of the runtime meter for one grain type: counter totals, and gauges observed on demand.</summary>
    private sealed class RuntimeFigures : IDisposable
    {
        private readonly string _grainType;
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _totals = [];
        private readonly Dictionary<string, long> _observed = [];
        private readonly object _lock = new();

        public RuntimeFigures(string grainType)
        {
            _grainType = grainType;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "AcquirerEngine.Runtime")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
            _listener.Start();
        }

        public long Total(string instrument)
        {
            lock (_lock)
            {
                return _totals.GetValueOrDefault(instrument);
            }
        }

        /// <summary>The gauge's value for the grain type now; null when the gauge reports no such type.</summary>
        public long? Observe(string instrument)
        {
            lock (_lock)
            {
                _observed.Clear();
                _listener.RecordObservableInstruments();
                return _observed.TryGetValue(instrument, out var value) ? value : null;
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var ours = false;
            foreach (var tag in tags)
            {
                ours |= tag.Key == "grain_type" && Equals(tag.Value, _grainType);
            }

            if (!ours)
            {
                return;
            }

            lock (_lock)
            {
                if (instrument.IsObservable)
                {
                    _observed[instrument.Name] = value;
                }
                else
                {
                    _totals[instrument.Name] = _totals.GetValueOrDefault(instrument.Name) + value;
                }
            }
        }
    }
}
