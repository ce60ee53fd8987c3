namespace AcquirerEngine.LoadTests.Load;

/// <summary>No load for the stage's duration (scenario events may still fire).</summary>
public sealed record Pause(TimeSpan Duration) : LoadStage(Duration, Warmup: false)
{
    public override string Describe() => $"pause {Seconds(Duration)}";
}
