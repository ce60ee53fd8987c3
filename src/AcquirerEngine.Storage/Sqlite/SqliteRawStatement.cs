using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// One statement prepared on the writer connection's handle and run through SQLitePCLRaw directly, for the statements
/// every grain write runs. A SqliteCommand execution allocates a binder per parameter and checks its statements again
/// on every call; here a value is bound straight into the prepared statement (strings as UTF-16, which SQLite converts
/// without a managed copy). Errors surface as the SqliteException Microsoft.Data.Sqlite would raise, with the same
/// primary and extended codes, so callers map constraint violations exactly as before. Used only under the store's
/// write lock, like the connection itself.
/// </summary>
internal sealed class SqliteRawStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;

    private SqliteRawStatement(sqlite3 database, sqlite3_stmt statement)
    {
        _database = database;
        _statement = statement;
    }

    /// <summary>Prepares <paramref name="sql"/> (one statement) on <paramref name="connection"/>, which must be open.</summary>
    public static SqliteRawStatement Prepare(SqliteConnection connection, string sql)
    {
        var database = HandleOf(connection);
        var rc = raw.sqlite3_prepare_v2(database, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            throw Error(database, rc);
        }

        return new SqliteRawStatement(database, statement);
    }

    /// <summary>The native handle of <paramref name="connection"/>, which must be open.</summary>
    public static sqlite3 HandleOf(SqliteConnection connection) =>
        connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text16(_statement, index, value.AsSpan()));

    public void Bind(int index, byte[] value)
    {
        // Bound explicitly as a zero-length blob: the columns are NOT NULL, and a blob of no bytes must never read as NULL.
        Check(value.Length == 0 ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));
    }

    /// <summary>Runs the statement to completion and returns the rows it changed; the bindings stay for the next run.</summary>
    public int Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(_statement);
            return raw.sqlite3_changes(_database);
        }

        // The error (and its extended code) is read before the reset, which reports the same error again.
        var error = rc == raw.SQLITE_ROW
            ? new InvalidOperationException("A write statement returned a row.")
            : (Exception)Error(_database, rc);
        raw.sqlite3_reset(_statement);
        throw error;
    }

    /// <summary>
    /// Runs a statement that answers at most one row and returns its first column as an integer, or null when it
    /// answers none (e.g. a version check that matched no row); the bindings stay for the next run.
    /// </summary>
    public long? QueryInt64()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            var value = raw.sqlite3_column_int64(_statement, 0);
            raw.sqlite3_reset(_statement);
            return value;
        }

        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(_statement);
            return null;
        }

        var error = Error(_database, rc);
        raw.sqlite3_reset(_statement);
        throw error;
    }

    /// <summary>The rowid of the connection's last successful insert (a journal record's sequence).</summary>
    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_database);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(_database, rc);
        }
    }

    private static SqliteException Error(sqlite3 database, int rc)
    {
        return new SqliteException(
            $"SQLite Error {rc}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.",
            rc,
            raw.sqlite3_extended_errcode(database));
    }
}
