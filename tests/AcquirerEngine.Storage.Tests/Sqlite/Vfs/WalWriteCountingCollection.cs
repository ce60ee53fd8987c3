namespace AcquirerEngine.Storage.Tests.Sqlite.Vfs;

/// <summary>
/// Tests that read the process-wide WAL write counters run alone: any other SQLite store writing meanwhile would move
/// them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WalWriteCountingCollection
{
    public const string Name = "WAL write counters";
}
