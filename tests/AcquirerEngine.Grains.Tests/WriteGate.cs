namespace AcquirerEngine.Grains.Tests;

/// <summary>Holds the writes of one grain type until released (<see cref="SelectiveFailingStorage.HoldWrites"/>).</summary>
public sealed class WriteGate
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first held write arrived.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets every held write (and every later one) through.</summary>
    public void Release() => _released.TrySetResult();

    internal Task PassAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}
