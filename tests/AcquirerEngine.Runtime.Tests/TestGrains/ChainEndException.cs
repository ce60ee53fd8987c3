namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class ChainEndException(string key) : Exception($"chain ended at {key}")
{
    public string Key { get; } = key;
}
