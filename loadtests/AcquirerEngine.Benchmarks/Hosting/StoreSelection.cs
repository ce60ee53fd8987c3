namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>
/// The store a run uses. SQLite without a data directory gets a fresh temporary one (removed after the run), so
/// every run starts from an empty database; PostgreSQL needs a connection string to an empty database.
/// </summary>
public sealed record StoreSelection(StoreKind Kind, string? DataDirectory = null, string? ConnectionString = null)
{
    public static StoreSelection Memory { get; } = new(StoreKind.Memory);

    public static StoreSelection Sqlite { get; } = new(StoreKind.Sqlite);

    /// <summary>The problem with the selection in words naming the option, or null when it is usable.</summary>
    public string? Problem => Kind switch
    {
        StoreKind.Postgres when string.IsNullOrWhiteSpace(ConnectionString) => "--connection is required with --store postgres",
        not StoreKind.Postgres when ConnectionString is not null => "--connection is only used with --store postgres",
        not StoreKind.Sqlite when DataDirectory is not null => "--data-dir is only used with --store sqlite",
        _ => null,
    };
}
