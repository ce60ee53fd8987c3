using System.Diagnostics.Metrics;

namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>
/// Listens to the store's own instruments (Meter "AcquirerEngine.Storage") for the length of a measured window, so a
/// benchmark can tell whether the window waited on the single SQLite writer: the writer's busy seconds (start of a
/// batch to its durable commit, summed), writes per batch, and where the batches' time went by phase.
/// </summary>
public sealed class StoreWriterListener : IDisposable
{
    private const string StorageMeterName = "AcquirerEngine.Storage";

    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, double> _phaseSeconds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _checkpointSeconds = new(StringComparer.Ordinal);
    private long _batches;
    private long _writes;
    private double _busySeconds;

    public StoreWriterListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMeterName
                && instrument.Name is "acquirer_storage_write_batch_size" or "acquirer_storage_commit_seconds" or "acquirer_storage_writer_phase_seconds"
                    or "acquirer_storage_checkpoint_seconds")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.Start();
    }

    /// <summary>What the writer did since this listener started; <paramref name="windowSeconds"/> turns busy time into a share.</summary>
    public StoreWriterFigures Figures(double windowSeconds)
    {
        lock (_gate)
        {
            return new StoreWriterFigures
            {
                Batches = _batches,
                WritesPerBatch = _batches > 0 ? Math.Round((double)_writes / _batches, 1) : 0,
                BusySeconds = Math.Round(_busySeconds, 3),
                BusyShare = windowSeconds > 0 ? Math.Round(_busySeconds / windowSeconds, 3) : 0,
                PhaseSeconds = _phaseSeconds.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3), StringComparer.Ordinal),
                CheckpointSeconds = _checkpointSeconds.ToDictionary(p => p.Key, p => Math.Round(p.Value, 3), StringComparer.Ordinal),
            };
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        lock (_gate)
        {
            _batches++;
            _writes += value;
        }
    }

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument.Name == "acquirer_storage_commit_seconds")
        {
            lock (_gate)
            {
                _busySeconds += value;
            }

            return;
        }

        // Writer phases carry a "phase" tag, checkpoints a "mode" tag.
        var key = "unknown";
        foreach (var tag in tags)
        {
            if (tag.Key is "phase" or "mode" && tag.Value is string name)
            {
                key = name;
            }
        }

        var seconds = instrument.Name == "acquirer_storage_checkpoint_seconds" ? _checkpointSeconds : _phaseSeconds;
        lock (_gate)
        {
            seconds[key] = seconds.GetValueOrDefault(key) + value;
        }
    }
}
