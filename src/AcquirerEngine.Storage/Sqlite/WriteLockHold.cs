namespace AcquirerEngine.Storage.Sqlite;

/// <summary>The store's write lock held by a test (<see cref="SqliteStore.HoldWriteLockAsync"/>); released once on disposal.</summary>
internal sealed class WriteLockHold : IDisposable
{
    private SemaphoreSlim? _writeLock;

    public WriteLockHold(SemaphoreSlim writeLock)
    {
        _writeLock = writeLock;
    }

    public void Dispose() => Interlocked.Exchange(ref _writeLock, null)?.Release();
}
