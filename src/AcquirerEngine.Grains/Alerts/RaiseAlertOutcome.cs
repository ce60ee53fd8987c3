namespace AcquirerEngine.Grains.Alerts;

public enum RaiseAlertOutcome
{
    /// <summary>Stored (and journaled) for the first time.</summary>
    Raised = 1,

    /// <summary>An alert with this id was raised before: nothing changed.</summary>
    Duplicate = 2,

    /// <summary>The record has no id, kind or subject: nothing stored.</summary>
    Invalid = 3,
}
