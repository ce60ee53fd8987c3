using System.Collections.Concurrent;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The latest durable queue figures of each rail, published by <see cref="BankChannelGrain"/> whenever its
/// state is read or written and read by the payout queue gauges. The age is computed at read time from the
/// rail's own clock, so it is right on the simulated clock too. A rail that left memory keeps its last
/// figures: its queue is still what it was.
/// </summary>
internal static class PayoutQueueGauges
{
    private static readonly ConcurrentDictionary<string, ChannelQueueFigures> Channels = new(StringComparer.Ordinal);

    public static void Publish(string channel, BankChannelState state, TimeProvider clock)
    {
        // The queue is oldest first (only the head leaves): its head is the oldest, no scan of the whole queue.
        var oldest = state.Queue.Count > 0 ? state.Queue[0].EnqueuedAtUtc : (DateTimeOffset?)null;
        Channels[channel] = new ChannelQueueFigures(state.Queue.Count, oldest, clock);
    }

    public static IReadOnlyList<(string Channel, ChannelQueueFigures Figures)> Snapshot() =>
        [.. Channels.Select(c => (c.Key, c.Value))];
}
