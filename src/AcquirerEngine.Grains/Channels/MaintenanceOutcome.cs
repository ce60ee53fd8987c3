namespace AcquirerEngine.Grains.Channels;

public enum MaintenanceOutcome
{
    Scheduled = 1,

    /// <summary>A window with this id existed with other times or reason and was replaced.</summary>
    Updated = 2,

    /// <summary>The same window was scheduled before: nothing changed.</summary>
    AlreadyScheduled = 3,

    Cancelled = 4,

    NotFound = 5,

    /// <summary>The window names another rail.</summary>
    WrongChannel = 6,

    /// <summary>No id, or the window ends before it starts.</summary>
    Invalid = 7,

    /// <summary><see cref="BankChannelOptions.MaxMaintenanceWindows"/> future windows are already scheduled.</summary>
    TooMany = 8,
}
