namespace AcquirerEngine.Benchmarks;

/// <summary>Process exit codes. Speed never fails a run: only a broken correctness check or bad input does.</summary>
public static class BenchmarkExitCodes
{
    public const int Passed = 0;

    /// <summary>A correctness check failed, or the engine threw.</summary>
    public const int CheckFailed = 1;

    /// <summary>An option is missing or out of range (the message names it).</summary>
    public const int InvalidArgument = 2;
}
