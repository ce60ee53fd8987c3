namespace AcquirerEngine.Server.Configuration;

/// <summary>Bounds of the grain runtime; each is enforced and tested at its edge in the runtime.</summary>
public sealed class RuntimeSettings
{
    public int MailboxCapacity { get; set; } = 1024;

    public int MaxActivations { get; set; } = 1_000_000;

    public TimeSpan IdleDeactivationAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Reminder ticks (each merchant's daily settlement run) delivered at once, each to a different grain.</summary>
    public int ReminderDeliveryConcurrency { get; set; } = 256;
}
