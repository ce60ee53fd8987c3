namespace AcquirerEngine.Runtime;

/// <summary>One grain timer tick; at most one per timer is pending, so it needs no mailbox capacity.</summary>
internal sealed class TimerTickWorkItem : WorkItem
{
    private readonly GrainTimer _timer;

    public TimerTickWorkItem(GrainTimer timer)
    {
        _timer = timer;
    }

    public override bool CountsAgainstCapacity => false;

    // As in Orleans, timers alone do not keep an activation alive; reminders and calls do.
    public override bool KeepsAlive => false;

    public override Task ExecuteAsync(Grain grain) => _timer.RunTickAsync();

    public override void Complete() => _timer.TickFinished();

    public override void Reroute() => _timer.TickFinished();

    public override void Fail(Exception exception) => _timer.TickFinished();
}
