using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Runtime;

/// <summary>
/// A turn a grain queued for itself (<see cref="Grain"/>'s QueueTurn): no caller waits for it, so it needs no mailbox
/// capacity and replies to no one. Counted as in-flight work from the moment it is queued until it ran or was
/// dropped, so quiescence (and with it a simulated clock) waits for it.
/// </summary>
internal sealed class QueuedTurnWorkItem : WorkItem
{
    private readonly GrainActivation _activation;
    private readonly Func<Task> _turn;

    public QueuedTurnWorkItem(GrainActivation activation, Func<Task> turn)
    {
        _activation = activation;
        _turn = turn;
    }

    public override bool CountsAgainstCapacity => false;

    // Like a timer tick: work the grain gave itself does not keep it alive; calls and reminders do.
    public override bool KeepsAlive => false;

    public override async Task ExecuteAsync(Grain grain)
    {
        try
        {
            await _turn();
        }
        catch (Exception ex)
        {
            // No caller to hand it to: the grain's bug to see in the log, not the end of the activation.
            _activation.Runtime.Logger.LogError(ex, "A turn {GrainId} queued for itself failed.", _activation.GrainId);
        }
    }

    public override void Complete() => _activation.Runtime.Tracker.End();

    // The activation left before the turn ran: dropped with it (the grain resumes such work on its next activation).
    public override void Reroute() => _activation.Runtime.Tracker.End();

    public override void Fail(Exception exception) => _activation.Runtime.Tracker.End();
}
