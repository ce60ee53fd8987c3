namespace AcquirerEngine.Grains.Alerts;

/// <summary>The alert history, oldest first; bounded by <see cref="AlertOptions.HistoryCapacity"/>.</summary>
public sealed class AlertState
{
    public List<AlertRecord> Alerts { get; set; } = [];
}
