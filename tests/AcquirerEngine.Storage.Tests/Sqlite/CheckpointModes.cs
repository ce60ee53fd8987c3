using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AcquirerEngine.Storage.GroupCommit;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>
/// Counts the background checkpoints by mode (passive, catchup, sync, rewind, restart), and keeps their order, from the
/// store's own instrument while it lives. The Meter is process-wide: stores of tests running in parallel count too, so
/// assert only on modes those never reach (their WAL stays far below the default 8,192-frame bound).
/// </summary>
internal sealed class CheckpointModes : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public CheckpointModes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == "acquirer_storage_checkpoint_seconds")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "mode", Value: string mode })
                {
                    _counts.AddOrUpdate(mode, 1, (_, count) => count + 1);
                    _order.Enqueue(mode);
                }
            }
        });
        _listener.Start();
    }

    public int Count(string mode) => _counts.GetValueOrDefault(mode);

    /// <summary>The modes in the order they were recorded (a checkpoint is recorded when it ends).</summary>
    public IReadOnlyList<string> InOrder => [.. _order];

    public void Dispose() => _listener.Dispose();
}
