namespace AcquirerEngine.Runtime;

/// <summary>The handle given to grains; only the name matters, the table holds the schedule.</summary>
internal sealed record GrainReminder(string ReminderName) : IGrainReminder;
