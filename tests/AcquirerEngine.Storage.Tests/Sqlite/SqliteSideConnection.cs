using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>Connections of the tests' own on a database file, beside a store's, and the statements they run on them.</summary>
internal static class SqliteSideConnection
{
    /// <summary>An open connection of its own on <paramref name="path"/> (no pool, so closing it releases the file).</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>A connection holding the file's write lock (BEGIN IMMEDIATE) until disposed, so a store's writer stalls.</summary>
    public static SqliteConnection HoldingWriteLock(string path)
    {
        var connection = Open(path);
        Execute(connection, "BEGIN IMMEDIATE;");
        return connection;
    }

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row <paramref name="sql"/> answers.</summary>
    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
