using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>
/// Wraps a store and fails the next write that matches a predicate, as a crash or disk error at that exact
/// point would (e.g. after the bank credited but before the rail recorded it).
/// </summary>
public sealed class ScriptedStorage(IGrainStorage inner) : IGrainStorage
{
    private Func<GrainStateWrite, bool>? _failOnce;

    public int Failures { get; private set; }

    public void FailNextWhere(Func<GrainStateWrite, bool> predicate) => _failOnce = predicate;

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        inner.ReadAsync(grainId, cancellationToken);

    public Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var predicate = _failOnce;
        if (predicate is not null && predicate(write))
        {
            _failOnce = null;
            Failures++;
            throw new IOException("simulated crash before the write");
        }

        return inner.WriteAsync(write, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken) =>
        inner.ClearAsync(grainId, expectedVersion, cancellationToken);
}
