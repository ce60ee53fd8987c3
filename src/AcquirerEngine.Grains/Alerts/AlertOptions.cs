namespace AcquirerEngine.Grains.Alerts;

/// <summary>Bounds of the alert grain (every bound is a named setting).</summary>
public sealed record AlertOptions
{
    /// <summary>Alerts kept for <see cref="IAlertGrain.ListAsync"/>; the oldest is dropped beyond this.</summary>
    public int HistoryCapacity { get; init; } = 1000;

    public static AlertOptions Default { get; } = new();
}
