using System.Diagnostics;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>
/// Passes every call to the real reminder table and counts its writes (one durable write per batch of delivered ticks' NextDue)
/// with the grain writes, under <see cref="TypeName"/>: a settlement run pays one per merchant.
/// </summary>
public sealed class MeteredReminderTable : IReminderTable
{
    public const string TypeName = "(reminder-table)";

    private readonly IReminderTable _inner;
    private readonly MeteredGrainStorage _meter;

    public MeteredReminderTable(IReminderTable inner, MeteredGrainStorage meter)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(meter);
        _inner = inner;
        _meter = meter;
    }

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) => _inner.ReadAllAsync(cancellationToken);

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        _inner.ReadAsync(grainId, name, cancellationToken);

    public async Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await _inner.UpsertAsync(entry, cancellationToken);
        }
        finally
        {
            _meter.Count(TypeName, 0, 0, Stopwatch.GetTimestamp() - started);
        }
    }

    public async Task<IReadOnlyList<FencedWriteException?>> UpsertManyAsync(IReadOnlyList<ReminderEntry> entries, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _inner.UpsertManyAsync(entries, cancellationToken);
        }
        finally
        {
            _meter.Count(TypeName, 0, 0, Stopwatch.GetTimestamp() - started);
        }
    }

    public async Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _inner.RemoveAsync(grainId, name, cancellationToken);
        }
        finally
        {
            _meter.Count(TypeName, 0, 0, Stopwatch.GetTimestamp() - started);
        }
    }
}
