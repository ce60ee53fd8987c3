using SQLitePCL;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// A group-commit batch's transaction on the writer connection, begun and ended by prepared statements
/// (<see cref="SqliteRawStatement"/>). Microsoft.Data.Sqlite's BeginTransaction and Commit each build a command, parse
/// its text and allocate a reader and statement enumerators: two parses per batch, and at 2,000 sales/s (batches of a
/// few writes) 7% of the bytes the engine allocated per call (docs/BENCHMARKS.md, "Bytes per call on the request
/// path"). Statements run inside it with no SqliteTransaction (Microsoft.Data.Sqlite then checks only that the
/// connection has none). Disposing rolls back whatever the batch left open: a refusal's early return, an exception,
/// or a failed COMMIT.
/// </summary>
internal readonly struct BatchTransaction : IDisposable
{
    private const string BeginSql = "BEGIN IMMEDIATE;";
    private const string CommitSql = "COMMIT;";
    private const string RollbackSql = "ROLLBACK;";

    private readonly SqliteStatementCache _statements;

    private BatchTransaction(SqliteStatementCache statements)
    {
        _statements = statements;
    }

    /// <summary>BEGIN IMMEDIATE: takes the file's write lock now (waiting up to the busy timeout), not at the first write.</summary>
    public static BatchTransaction Begin(SqliteStatementCache statements)
    {
        statements.Raw(BeginSql).Execute();
        return new BatchTransaction(statements);
    }

    public void Commit() => _statements.Raw(CommitSql).Execute();

    public void Dispose()
    {
        // SQLite itself ends the transaction at some errors (a full disk, an I/O error); only an open one is rolled back.
        if (_statements is not null && raw.sqlite3_get_autocommit(_statements.Handle) == 0)
        {
            _statements.Raw(RollbackSql).Execute();
        }
    }
}
