using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AcquirerEngine.Storage.Tests;

/// <summary>Sums acquirer_storage_writes_failed by backend and error while it lives (the storage meter is process-wide).</summary>
internal sealed class StorageFailureCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Backend, string Error), long> _counted = new();

    public StorageFailureCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "AcquirerEngine.Storage" && instrument.Name == "acquirer_storage_writes_failed")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? backend = null, error = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "backend": backend = tag.Value as string; break;
                    case "error": error = tag.Value as string; break;
                }
            }

            _counted.AddOrUpdate((backend ?? "?", error ?? "?"), value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>Failed writes counted for <paramref name="backend"/> with exceptions of type <paramref name="error"/>.</summary>
    public long Count(string backend, string error) => _counted.GetValueOrDefault((backend, error));

    /// <summary>Failed writes counted for <paramref name="backend"/>, whatever the error.</summary>
    public long Count(string backend) => _counted.Where(entry => entry.Key.Backend == backend).Sum(entry => entry.Value);

    public void Dispose() => _listener.Dispose();
}
