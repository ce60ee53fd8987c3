namespace AcquirerEngine.Runtime;

/// <summary>
/// One call turn of an activation, flowing with the turn's code (an async-local). A pipelined write ends the turn
/// early (<see cref="Release"/>): the pump runs the next turn while this one's code still awaits its write. From
/// then on that code is outside the turn, and <see cref="Grain{TState}"/> refuses it the state.
/// </summary>
internal sealed class GrainTurn
{
    private static readonly AsyncLocal<GrainTurn?> CurrentTurn = new();

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainTurn(GrainActivation activation)
    {
        Activation = activation;
    }

    /// <summary>The call turn the running code belongs to; null outside call turns (activation, timers, other threads).</summary>
    public static GrainTurn? Current
    {
        get => CurrentTurn.Value;
        set => CurrentTurn.Value = value;
    }

    public GrainActivation Activation { get; }

    public bool IsReleased => _released.Task.IsCompleted;

    /// <summary>Completes when the turn was released before its code finished.</summary>
    public Task Released => _released.Task;

    public void Release() => _released.TrySetResult();

    /// <summary>True when the running code belongs to a turn of <paramref name="activation"/> that was already released.</summary>
    public static bool IsOutsideReleasedTurn(GrainActivation activation) =>
        CurrentTurn.Value is { IsReleased: true } turn && ReferenceEquals(turn.Activation, activation);
}
