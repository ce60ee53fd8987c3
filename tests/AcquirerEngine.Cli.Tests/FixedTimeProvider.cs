namespace AcquirerEngine.Cli.Tests;

/// <summary>A clock stopped at one instant, so the default local time is predictable.</summary>
public sealed class FixedTimeProvider(DateTimeOffset utcNow) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => utcNow;
}
