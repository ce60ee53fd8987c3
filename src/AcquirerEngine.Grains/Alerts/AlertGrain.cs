using System.Text.Json;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Alerts;

/// <summary>
/// The engine's alert log. Each raise appends its <see cref="RaisedKind"/> record (the alert) instead of rewriting the
/// whole history, which at a peak of risk alerts was most of what the engine serialized; activation replays the
/// records written after the last snapshot through the same bounded history.
/// </summary>
public sealed class AlertGrain : JournaledGrain<AlertState>, IAlertGrain
{
    public const string GrainTypeName = "alert";

    /// <summary>The key every engine component raises its alerts under.</summary>
    public const string EngineKey = "engine";

    /// <summary>The kind of a raised alert's record; its payload is the <see cref="AlertRecord"/>.</summary>
    public const string RaisedKind = "AlertRaised";

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

        Keep(State, alert);
        try
        {
            await AppendAsync([new JournalRecord(RecordId(alert.Id), RaisedKind, JsonSerializer.SerializeToUtf8Bytes(alert))]);
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

    protected override void ApplyJournalRecord(AlertState state, StoredJournalRecord record)
    {
        if (record.Kind != RaisedKind)
        {
            throw new InvalidDataException($"Alert record {record.RecordId} is of kind {record.Kind}, not {RaisedKind}.");
        }

        Keep(state, JsonSerializer.Deserialize<AlertRecord>(record.Payload)
            ?? throw new InvalidDataException($"Alert record {record.RecordId} holds no alert."));
    }

    /// <summary>Adds the alert to the history, dropping the oldest beyond the capacity: the live raise and replay alike.</summary>
    private void Keep(AlertState state, AlertRecord alert)
    {
        state.Alerts.Add(alert);
        if (state.Alerts.Count > _options.HistoryCapacity)
        {
            state.Alerts.RemoveRange(0, state.Alerts.Count - _options.HistoryCapacity);
        }
    }
}
