namespace AcquirerEngine.Domain.Channels;

public enum MaintenanceKind
{
    /// <summary>Announced in advance (e.g. Sunday 02:00-04:00, a multi-day core-banking upgrade).</summary>
    Scheduled = 1,

    /// <summary>An outage, recorded when it happens; its end is the operators' estimate.</summary>
    Unscheduled = 2,
}
