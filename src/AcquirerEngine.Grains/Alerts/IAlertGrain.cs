using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Alerts;

/// <summary>
/// The engine's alert log (key "engine"). It never calls other grains, so any grain may raise alerts
/// from inside its own turn without risking a call cycle.
/// </summary>
public interface IAlertGrain : IGrainWithStringKey
{
    Task<RaiseAlertOutcome> RaiseAsync(AlertRecord alert);

    /// <summary>The kept history, oldest first.</summary>
    Task<IReadOnlyList<AlertRecord>> ListAsync();
}
