namespace AcquirerEngine.Runtime;

/// <summary>A grain method call (or reminder tick) whose result is handed back to an awaiting caller.</summary>
internal sealed class CallWorkItem<T> : WorkItem
{
    private readonly Func<Grain, Task<T>> _body;
    private readonly bool _isSystem;
    private readonly TaskCompletionSource<CallOutcome<T>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _exception;

    public CallWorkItem(Func<Grain, Task<T>> body, bool isSystem)
    {
        _body = body;
        _isSystem = isSystem;
    }

    public Task<CallOutcome<T>> Outcome => _completion.Task;

    // System calls (reminder ticks) are bounded by their source (one in flight per runtime), not by the mailbox.
    public override bool CountsAgainstCapacity => !_isSystem;

    public override bool KeepsAlive => true;

    public override async Task ExecuteAsync(Grain grain)
    {
        try
        {
            _result = await _body(grain);
        }
        catch (Exception ex)
        {
            // Kept as-is so the caller sees the grain's own exception, not a wrapper.
            _exception = ex;
        }
    }

    public override void Complete()
    {
        if (_exception is not null)
        {
            _completion.TrySetException(_exception);
        }
        else
        {
            _completion.TrySetResult(new CallOutcome<T>(false, _result));
        }
    }

    public override void Reroute() => _completion.TrySetResult(new CallOutcome<T>(true, default));

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
