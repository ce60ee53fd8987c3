using System.CommandLine;
using AcquirerEngine.Benchmarks.Hosting;

namespace AcquirerEngine.Benchmarks;

/// <summary>The options every benchmark takes: the store, seeding concurrency and the seed (fresh instances per command).</summary>
public sealed class CommonOptions
{
    public CommonOptions(int defaultSeed)
    {
        Seed = new Option<int>("--seed") { Description = "Seed of the sale amounts (printed in the result)", DefaultValueFactory = _ => defaultSeed, HelpName = "n" };
    }

    public Option<StoreKind> StoreKind { get; } = new("--store")
    {
        Description = "sqlite (embedded, the product default), postgres (needs --connection) or memory (no durability)",
        DefaultValueFactory = _ => Hosting.StoreKind.Sqlite,
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = "PostgreSQL connection string (an empty database) for --store postgres",
        HelpName = "connection-string",
    };

    public Option<string?> DataDirectory { get; } = new("--data-dir")
    {
        Description = "SQLite data directory (empty) [default: a fresh temporary directory, removed after the run]",
        HelpName = "path",
    };

    public Option<int> Concurrency { get; } = new("--concurrency")
    {
        Description = "Calls in flight while seeding",
        DefaultValueFactory = _ => 64,
        HelpName = "n",
    };

    public Option<int> Seed { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(StoreKind);
        command.Options.Add(Connection);
        command.Options.Add(DataDirectory);
        command.Options.Add(Concurrency);
        command.Options.Add(Seed);
    }

    public StoreSelection Store(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new StoreSelection(parse.GetValue(StoreKind), parse.GetValue(DataDirectory), parse.GetValue(Connection));
    }
}
