using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// The writer connection's statements, compiled once and reused by every grain write. A SqliteCommand keeps its
/// prepared statements while its text stays the same, so reusing the command skips SQLite's parse and plan; a new
/// command per write spent about 4% of the sale path's CPU there. Used only under the store's write lock, like the
/// connection itself.
/// </summary>
internal sealed class SqliteStatementCache : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteRawStatement> _rawStatements = new(StringComparer.Ordinal);

    public SqliteStatementCache(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>The connection's native handle.</summary>
    public sqlite3 Handle => SqliteRawStatement.HandleOf(_connection);

    /// <summary>
    /// The command for <paramref name="sql"/> with one parameter per name in <paramref name="parameterNames"/> (created
    /// on first use, in that order); the caller sets every value. It runs in the <see cref="BatchTransaction"/> the
    /// connection has open.
    /// </summary>
    public SqliteCommand Get(string sql, params ReadOnlySpan<string> parameterNames)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                // No declared type: each value binds by its CLR type (long as INTEGER, string as TEXT, byte[] as BLOB).
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _commands.Add(sql, command);
        }

        return command;
    }

    /// <summary>
    /// The raw statement for <paramref name="sql"/> (prepared on first use), for the statements every write runs; its
    /// parameters are numbered (?1, ?2...) and stay bound between executions. Runs inside whatever transaction the
    /// connection has open.
    /// </summary>
    public SqliteRawStatement Raw(string sql)
    {
        if (!_rawStatements.TryGetValue(sql, out var statement))
        {
            statement = SqliteRawStatement.Prepare(_connection, sql);
            _rawStatements.Add(sql, statement);
        }

        return statement;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        // Finalized before the connection closes, which it could not do with statements still open.
        foreach (var statement in _rawStatements.Values)
        {
            statement.Dispose();
        }

        _commands.Clear();
        _rawStatements.Clear();
    }
}
