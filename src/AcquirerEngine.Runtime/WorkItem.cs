namespace AcquirerEngine.Runtime;

/// <summary>One turn waiting in (or taken from) an activation's mailbox.</summary>
internal abstract class WorkItem
{
    /// <summary>Whether the item counts against <see cref="GrainRuntimeOptions.MailboxCapacity"/>.</summary>
    public abstract bool CountsAgainstCapacity { get; }

    /// <summary>Whether running it resets the activation's idle clock (calls and reminders do, timer ticks do not).</summary>
    public abstract bool KeepsAlive { get; }

    /// <summary>Whether a caller hears the outcome (calls and reminder ticks): such a reply waits for pipelined writes.</summary>
    public virtual bool RepliesToCaller => false;

    /// <summary>The turn's code still running after it released the turn (a pipelined write), or null.</summary>
    public virtual Task? ReleasedBody => null;

    /// <summary>Runs the turn; returns when the turn ends (its code finished, or released the turn). Must not throw.</summary>
    public abstract Task ExecuteAsync(Grain grain);

    /// <summary>Reports the outcome of <see cref="ExecuteAsync"/>, after the mailbox bookkeeping is done.</summary>
    public abstract void Complete();

    /// <summary>
    /// The turn ran, but a write queued before it ended (whose effects it may have seen) was not made durable:
    /// the caller gets <paramref name="exception"/> instead of an outcome that may rest on it.
    /// </summary>
    public virtual void CompleteWithError(Exception exception) => Complete();

    /// <summary>The activation went away before the item ran; the caller should retry on a fresh activation.</summary>
    public abstract void Reroute();

    /// <summary>The activation failed to activate; the item fails with that error.</summary>
    public abstract void Fail(Exception exception);
}
