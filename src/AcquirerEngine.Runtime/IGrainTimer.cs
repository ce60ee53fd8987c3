namespace AcquirerEngine.Runtime;

/// <summary>
/// A volatile timer owned by one activation. Ticks run as turns in the grain's mailbox; the timer
/// dies with the activation (use reminders for anything that must survive deactivation).
/// </summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer. <see cref="Timeout.InfiniteTimeSpan"/> as period makes it one-shot.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
