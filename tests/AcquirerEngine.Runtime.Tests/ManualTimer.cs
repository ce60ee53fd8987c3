namespace AcquirerEngine.Runtime.Tests;

internal sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
{
    public bool Disposed { get; private set; }

    public void Fire()
    {
        if (!Disposed)
        {
            callback(state);
        }
    }

    public bool Change(TimeSpan dueTime, TimeSpan period) => !Disposed;

    public void Dispose() => Disposed = true;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
