namespace AcquirerEngine.Storage;

/// <summary>
/// One numbered schema step. Steps are applied in ascending <see cref="Version"/> order, each at most once
/// (recorded in schema_migrations), so opening a store any number of times converges on the same schema.
/// Published steps are never edited: a change is always a new, higher version.
/// </summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql);
