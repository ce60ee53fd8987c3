using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AcquirerEngine.Runtime;

/// <summary>
/// The runtime's instruments (meter "AcquirerEngine.Runtime"): activations and mailbox depth by grain type
/// (observed from every running runtime at collection time), activations created and deactivated, and
/// reminder ticks delivered. Grain types are registered names, so the label set stays bounded.
/// </summary>
internal static class RuntimeMetrics
{
    public const string MeterName = "AcquirerEngine.Runtime";

    private static readonly Meter Meter = new(MeterName);

    private static readonly ConcurrentDictionary<GrainRuntime, byte> Running = new();

    private static readonly Counter<long> ActivationsCreated = Meter.CreateCounter<long>(
        "acquirer.runtime.activations.created", "{activation}", "Grain activations created, by grain type.");

    private static readonly Counter<long> ActivationsDeactivated = Meter.CreateCounter<long>(
        "acquirer.runtime.activations.deactivated", "{activation}", "Grain activations that left memory, by grain type.");

    private static readonly Counter<long> RemindersDelivered = Meter.CreateCounter<long>(
        "acquirer.runtime.reminder.ticks", "{tick}", "Reminder ticks delivered as grain turns, by grain type and outcome (ok or failed).");

    static RuntimeMetrics()
    {
        Meter.CreateObservableGauge(
            "acquirer.runtime.activations",
            () => Observe(static s => s.Activations),
            "{activation}",
            "Grain activations in memory (including ones activating or leaving), by grain type.");
        Meter.CreateObservableGauge(
            "acquirer.runtime.mailbox.depth",
            () => Observe(static s => s.Queued),
            "{turn}",
            "Turns queued and not yet started, summed over the activations of a grain type.");
        Meter.CreateObservableGauge(
            "acquirer.runtime.mailbox.depth.max",
            () => Observe(static s => s.MaxQueued),
            "{turn}",
            "Turns queued in the fullest mailbox of a grain type.");
    }

    public static void RuntimeStarted(GrainRuntime runtime) => Running.TryAdd(runtime, 0);

    public static void RuntimeStopped(GrainRuntime runtime) => Running.TryRemove(runtime, out _);

    public static void ActivationCreated(GrainId grainId) =>
        ActivationsCreated.Add(1, new KeyValuePair<string, object?>("grain_type", grainId.Type));

    public static void ActivationDeactivated(GrainId grainId) =>
        ActivationsDeactivated.Add(1, new KeyValuePair<string, object?>("grain_type", grainId.Type));

    public static void ReminderTickDelivered(GrainId grainId, bool succeeded) =>
        RemindersDelivered.Add(
            1,
            new KeyValuePair<string, object?>("grain_type", grainId.Type),
            new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "failed"));

    private static IEnumerable<Measurement<int>> Observe(Func<GrainTypeLoad, int> select)
    {
        var byType = new Dictionary<string, GrainTypeLoad>(StringComparer.Ordinal);
        foreach (var runtime in Running.Keys)
        {
            foreach (var (type, load) in runtime.LoadByGrainType())
            {
                byType[type] = byType.TryGetValue(type, out var sum) ? sum.Combine(load) : load;
            }
        }

        return [.. byType.Select(e => new Measurement<int>(select(e.Value), new KeyValuePair<string, object?>("grain_type", e.Key)))];
    }
}
