namespace AcquirerEngine.Runtime;

/// <summary>A grain method call (or reminder tick) whose result is handed back to an awaiting caller.</summary>
internal sealed class CallWorkItem<T> : WorkItem
{
    private readonly Func<Grain, object?[]?, Task<T>> _body;
    private readonly object?[]? _args;
    private readonly bool _isSystem;
    private readonly TaskCompletionSource<CallOutcome<T>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _running;
    private T? _result;
    private Exception? _exception;

    /// <param name="body">The call, given the grain and <paramref name="args"/>: one compiled delegate per grain
    /// method, so a call allocates no closure over its arguments.</param>
    public CallWorkItem(Func<Grain, object?[]?, Task<T>> body, object?[]? args, bool isSystem)
    {
        _body = body;
        _args = args;
        _isSystem = isSystem;
    }

    public Task<CallOutcome<T>> Outcome => _completion.Task;

    // System calls (reminder ticks) are bounded by their source (one in flight per runtime), not by the mailbox.
    public override bool CountsAgainstCapacity => !_isSystem;

    public override bool KeepsAlive => true;

    public override bool RepliesToCaller => true;

    public override Task? ReleasedBody => _running is { IsCompleted: false } running ? running : null;

    public override Task ExecuteAsync(Grain grain)
    {
        var turn = new GrainTurn(grain.Activation);
        var running = RunAsync(grain, turn);
        if (running.IsCompleted)
        {
            return running;
        }

        // The turn ends when the body finishes or releases it (a pipelined write), whichever comes first.
        _running = running;
        return Task.WhenAny(running, turn.Released);
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

    public override void CompleteWithError(Exception exception) => _completion.TrySetException(exception);

    public override void Reroute() => _completion.TrySetResult(new CallOutcome<T>(true, default));

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    private async Task RunAsync(Grain grain, GrainTurn turn)
    {
        // Set inside this async method, the turn flows to the body's code only, never back to the pump.
        GrainTurn.Current = turn;
        try
        {
            _result = await _body(grain, _args);
        }
        catch (Exception ex)
        {
            // Kept as-is so the caller sees the grain's own exception, not a wrapper.
            _exception = ex;
        }
    }
}
