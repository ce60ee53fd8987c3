namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>Lines two grains up so each awaits the other at the same moment (the deadlock shape).</summary>
public sealed class CrossingSignals
{
    public TaskCompletionSource CallerInTurn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource RailNotifying { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
