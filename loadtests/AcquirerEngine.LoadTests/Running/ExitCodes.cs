namespace AcquirerEngine.LoadTests.Running;

/// <summary>The harness's exit codes, as the usage text lists them.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int ThresholdFailed = 1;
    public const int BadArguments = 2;
    public const int BooksFailed = 3;
    public const int CouldNotRun = 4;
}
