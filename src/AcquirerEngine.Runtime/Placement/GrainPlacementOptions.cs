namespace AcquirerEngine.Runtime.Placement;

/// <summary>How calls behave while ownership moves between nodes.</summary>
public sealed class GrainPlacementOptions
{
    /// <summary>How long a call waits for a shard between owners before it fails as unavailable (retry).</summary>
    public TimeSpan UnownedWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the placement is asked again while waiting.</summary>
    public TimeSpan UnownedPollInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How many times a call may be forwarded after its first hop (a node whose view is stale forwards it on).</summary>
    public int MaxForwards { get; init; } = 2;

    /// <summary>Deadline of a grain-to-grain call to another node.</summary>
    public TimeSpan RemoteCallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The deadline of the call being served on this flow, if any (a terminal's grpc-timeout): a grain call sent to
    /// another node on its behalf carries the earlier of it and <see cref="RemoteCallTimeout"/>.
    /// </summary>
    public Func<DateTimeOffset?>? CallerDeadline { get; init; }

    public void Validate()
    {
        if (UnownedWait < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(UnownedWait), UnownedWait, "Must not be negative.");
        }

        if (UnownedPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(UnownedPollInterval), UnownedPollInterval, "Must be positive.");
        }

        if (MaxForwards < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxForwards), MaxForwards, "Must not be negative.");
        }

        if (RemoteCallTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RemoteCallTimeout), RemoteCallTimeout, "Must be positive.");
        }
    }
}
