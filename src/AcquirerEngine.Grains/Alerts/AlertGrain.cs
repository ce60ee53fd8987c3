using System.Text.Json;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Alerts;

public sealed class AlertGrain : Grain<AlertState>, IAlertGrain
{
    public const string GrainTypeName = "alert";

    /// <summary>The key every engine component raises its alerts under.</summary>
    public const string EngineKey = "engine";

    private readonly AlertOptions _options;

    public AlertGrain(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryCapacity, 1);
        _options = options;
    }

    public static string RecordId(string alertId) => $"alert:{alertId}";

    public async Task<RaiseAlertOutcome> RaiseAsync(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (string.IsNullOrWhiteSpace(alert.Id) || string.IsNullOrWhiteSpace(alert.Kind) || string.IsNullOrWhiteSpace(alert.Subject))
        {
            return RaiseAlertOutcome.Invalid;
        }

        if (State.Alerts.Exists(a => a.Id == alert.Id))
        {
            return RaiseAlertOutcome.Duplicate;
        }

        State.Alerts.Add(alert);
        if (State.Alerts.Count > _options.HistoryCapacity)
        {
            State.Alerts.RemoveRange(0, State.Alerts.Count - _options.HistoryCapacity);
        }

        try
        {
            await WriteStateAsync([new JournalRecord(RecordId(alert.Id), "AlertRaised", JsonSerializer.SerializeToUtf8Bytes(alert))]);
        }
        catch (DuplicateJournalRecordException)
        {
            // The id fell out of the bounded history but the journal still holds it: the alert was raised
            // long ago. The runtime drops this activation (its memory took the alert), the next call re-reads.
            return RaiseAlertOutcome.Duplicate;
        }

        GrainsMetrics.AlertRaised(alert.Kind);
        return RaiseAlertOutcome.Raised;
    }

    public Task<IReadOnlyList<AlertRecord>> ListAsync() =>
        Task.FromResult<IReadOnlyList<AlertRecord>>([.. State.Alerts]);
}
