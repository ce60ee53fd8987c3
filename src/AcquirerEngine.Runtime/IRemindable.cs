namespace AcquirerEngine.Runtime;

/// <summary>Implemented by grains that register durable reminders; each tick arrives as one turn.</summary>
public interface IRemindable : IGrain
{
    /// <summary>
    /// One reminder tick. Delivery is at-least-once per tick (a crash between delivery and persisting
    /// the next due time redelivers it), so grains dedupe by <see cref="TickStatus.CurrentTickTime"/>.
    /// </summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}
