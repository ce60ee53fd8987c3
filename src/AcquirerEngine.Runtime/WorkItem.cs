namespace AcquirerEngine.Runtime;

/// <summary>One turn waiting in (or taken from) an activation's mailbox.</summary>
internal abstract class WorkItem
{
    /// <summary>Whether the item counts against <see cref="GrainRuntimeOptions.MailboxCapacity"/>.</summary>
    public abstract bool CountsAgainstCapacity { get; }

    /// <summary>Whether running it resets the activation's idle clock (calls and reminders do, timer ticks do not).</summary>
    public abstract bool KeepsAlive { get; }

    /// <summary>Runs the turn. Must not throw: the outcome is kept for <see cref="Complete"/>.</summary>
    public abstract Task ExecuteAsync(Grain grain);

    /// <summary>Reports the outcome of <see cref="ExecuteAsync"/>, after the mailbox bookkeeping is done.</summary>
    public abstract void Complete();

    /// <summary>The activation went away before the item ran; the caller should retry on a fresh activation.</summary>
    public abstract void Reroute();

    /// <summary>The activation failed to activate; the item fails with that error.</summary>
    public abstract void Fail(Exception exception);
}
