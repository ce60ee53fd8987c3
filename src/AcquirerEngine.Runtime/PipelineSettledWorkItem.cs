using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Runtime;

/// <summary>
/// A turn queued once the last pipelined write of an activation is durable, so the grain can publish figures of its
/// now durable state (<see cref="Grain{TState}"/>'s OnStateSynchronized) inside a turn, not from the write's thread.
/// </summary>
internal sealed class PipelineSettledWorkItem : WorkItem
{
    private readonly GrainActivation _activation;

    public PipelineSettledWorkItem(GrainActivation activation)
    {
        _activation = activation;
    }

    public override bool CountsAgainstCapacity => false;

    public override bool KeepsAlive => false;

    public override Task ExecuteAsync(Grain grain)
    {
        try
        {
            _activation.RunSettledSync();
        }
        catch (Exception ex)
        {
            // OnStateSynchronized must not throw; if it does, the grain's figures are stale, nothing else.
            _activation.Runtime.Logger.LogError(ex, "OnStateSynchronized of {GrainId} failed after its pipelined writes.", _activation.GrainId);
        }

        return Task.CompletedTask;
    }

    public override void Complete()
    {
    }

    public override void Reroute()
    {
    }

    public override void Fail(Exception exception)
    {
    }
}
