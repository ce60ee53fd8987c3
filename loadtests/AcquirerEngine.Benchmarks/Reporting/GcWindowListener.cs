using System.Diagnostics.Tracing;

namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>
/// Hears the runtime's own GC events (provider Microsoft-Windows-DotNETRuntime, GC keyword, informational: no
/// allocation ticks) from its creation, for <see cref="GcWindowTally"/>. The events reach a listener with a delay,
/// so call <see cref="EndWindow"/> when the window ends and read <see cref="Figures"/> a while later.
/// </summary>
public sealed class GcWindowListener : EventListener
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int GcStart = 1;
    private const int GcEnd = 2;
    private const int GcRestartEEEnd = 3;
    private const int GcHeapStats = 4;
    private const int GcSuspendEEEnd = 8;
    private const int GcSuspendEEBegin = 9;
    private const int GcMarkWithType = 202;

    // The runtime's GC_ROOT_KIND values, in order.
    private static readonly string[] RootNames = ["stack", "finalize-queue", "handles", "older", "sized-ref", "overflow", "dependent-handles", "new-finalize-queue", "steal", "background"];

    private static readonly string[] GenerationSizeNames = ["GenerationSize0", "GenerationSize1", "GenerationSize2", "GenerationSize3", "GenerationSize4"];
    private static readonly string[] PromotedSizeNames = ["TotalPromotedSize0", "TotalPromotedSize1", "TotalPromotedSize2", "TotalPromotedSize3", "TotalPromotedSize4"];

    // A field initializer runs before the base constructor, which already reports the existing event sources.
    private readonly GcWindowTally _tally = new(DateTime.UtcNow);

    public void EndWindow() => _tally.EndAt(DateTime.UtcNow);

    public GcWindowFigures Figures() => _tally.Figures();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeProvider)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var at = eventData.TimeStamp.ToUniversalTime();
        switch (eventData.EventId)
        {
            case GcSuspendEEBegin:
                _tally.Suspending(at);
                break;
            case GcSuspendEEEnd:
                _tally.Suspended(at);
                break;
            case GcMarkWithType:
                var root = (int)Read(eventData, "Type");
                _tally.Marked(at, root >= 0 && root < RootNames.Length ? RootNames[root] : $"root-{root}", Read(eventData, "Bytes"));
                break;
            case GcStart:
                _tally.Started(at, (int)Read(eventData, "Depth"), (int)Read(eventData, "Type"));
                break;
            case GcEnd:
                _tally.Ended(at, (int)Read(eventData, "Depth"));
                break;
            case GcHeapStats:
                _tally.HeapAfter(
                    at,
                    [.. GenerationSizeNames.Select(name => Read(eventData, name))],
                    [.. PromotedSizeNames.Select(name => Read(eventData, name))]);
                break;
            case GcRestartEEEnd:
                _tally.Restarted(at);
                break;
        }
    }

    /// <summary>A numeric payload field by name; 0 when this runtime's event version lacks it.</summary>
    private static long Read(EventWrittenEventArgs eventData, string name)
    {
        var index = eventData.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && eventData.Payload is { } payload && index < payload.Count
            ? Convert.ToInt64(payload[index], System.Globalization.CultureInfo.InvariantCulture)
            : 0;
    }
}
