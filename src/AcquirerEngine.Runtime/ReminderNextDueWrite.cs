using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime;

/// <summary>
/// A delivered tick's NextDue waiting to be persisted with others in one table write. <see cref="Done"/> yields the
/// entry now in force, or null when the reminder was re-registered, removed or fenced off meanwhile (nothing written).
/// </summary>
internal sealed class ReminderNextDueWrite(ReminderEntry current, ReminderEntry updated)
{
    public ReminderEntry Current { get; } = current;

    public ReminderEntry Updated { get; } = updated;

    public TaskCompletionSource<ReminderEntry?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
