using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Tests.Terminals;

/// <summary>A real store opened for one test, with what must be cleaned up after it (a SQLite directory).</summary>
public sealed class JournaledTestStore(IJournaledGrainStorage storage, IAsyncDisposable owner, IDisposable? directory) : IAsyncDisposable
{
    public IJournaledGrainStorage Storage => storage;

    public async ValueTask DisposeAsync()
    {
        await owner.DisposeAsync();
        directory?.Dispose();
    }
}
