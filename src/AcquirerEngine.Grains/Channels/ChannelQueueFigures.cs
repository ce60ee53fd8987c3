namespace AcquirerEngine.Grains.Channels;

/// <summary>A rail's queue as last made durable: its depth, when the oldest payout joined it, and the rail's clock.</summary>
internal sealed record ChannelQueueFigures(int Depth, DateTimeOffset? OldestEnqueuedUtc, TimeProvider Clock)
{
    /// <summary>Seconds the oldest queued payout has waited; 0 with an empty queue.</summary>
    public double OldestAgeSeconds() =>
        OldestEnqueuedUtc is { } oldest ? Math.Max(0, (Clock.GetUtcNow() - oldest).TotalSeconds) : 0;
}
