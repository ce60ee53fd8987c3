namespace AcquirerEngine.Runtime;

/// <summary>Handle to a durable reminder registered by a grain.</summary>
public interface IGrainReminder
{
    string ReminderName { get; }
}
