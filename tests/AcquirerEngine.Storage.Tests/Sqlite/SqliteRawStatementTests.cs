using AcquirerEngine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>The writer's raw statements bind and fail exactly as Microsoft.Data.Sqlite's commands did.</summary>
public sealed class SqliteRawStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteRawStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload BLOB NOT NULL, n INTEGER NOT NULL);";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Empty_text_and_empty_blobs_are_stored_empty_not_null()
    {
        using (var insert = SqliteRawStatement.Prepare(_connection, "INSERT INTO t (id, kind, payload, n) VALUES (?1, ?2, ?3, ?4);"))
        {
            insert.Bind(1, "a");
            insert.Bind(2, string.Empty);
            insert.Bind(3, []);
            insert.Bind(4, 7L);
            Assert.Equal(1, insert.Execute());
        }

        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT typeof(kind), kind, typeof(payload), length(payload), n FROM t WHERE id = 'a';";
        using var row = read.ExecuteReader();
        Assert.True(row.Read());
        Assert.Equal("text", row.GetString(0));
        Assert.Equal(string.Empty, row.GetString(1));
        Assert.Equal("blob", row.GetString(2));
        Assert.Equal(0L, row.GetInt64(3));
        Assert.Equal(7L, row.GetInt64(4));
    }

    [Fact]
    public void Bindings_stay_between_executions_and_changed_rows_are_counted()
    {
        using var insert = SqliteRawStatement.Prepare(_connection, "INSERT INTO t (id, kind, payload, n) VALUES (?1, ?2, ?3, ?4);");
        insert.Bind(2, "kind-é");
        insert.Bind(3, [1, 2, 3]);
        insert.Bind(4, 1L);
        foreach (var id in new[] { "x", "y", "z" })
        {
            insert.Bind(1, id);
            Assert.Equal(1, insert.Execute());
        }

        using var update = SqliteRawStatement.Prepare(_connection, "UPDATE t SET n = n + 1 WHERE kind = ?1;");
        update.Bind(1, "kind-é");
        Assert.Equal(3, update.Execute());
        update.Bind(1, "other");
        Assert.Equal(0, update.Execute());
    }

    [Fact]
    public void A_duplicate_key_fails_with_the_same_codes_and_the_statement_runs_again()
    {
        using var insert = SqliteRawStatement.Prepare(_connection, "INSERT INTO t (id, kind, payload, n) VALUES (?1, 'k', x'00', 0);");
        insert.Bind(1, "dup");
        Assert.Equal(1, insert.Execute());

        var error = Assert.Throws<SqliteException>(() => insert.Execute());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(1555, error.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_PRIMARYKEY
        Assert.Contains("UNIQUE constraint failed: t.id", error.Message, StringComparison.Ordinal);

        insert.Bind(1, "next");
        Assert.Equal(1, insert.Execute());
    }

    [Fact]
    public void Bad_sql_is_refused_when_prepared()
    {
        var error = Assert.Throws<SqliteException>(() => SqliteRawStatement.Prepare(_connection, "INSERT INTO missing VALUES (?1);"));
        Assert.Contains("no such table: missing", error.Message, StringComparison.Ordinal);
    }
}
