namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>Which store a benchmark runs on: the embedded default, PostgreSQL, or memory (no durability: the engine's own cost alone).</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
    Memory,
}
