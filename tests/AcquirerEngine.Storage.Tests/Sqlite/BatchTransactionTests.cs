using AcquirerEngine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>A batch's transaction, begun and ended by prepared statements instead of a SqliteTransaction.</summary>
public sealed class BatchTransactionTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly SqliteStatementCache _statements;

    public BatchTransactionTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY);";
        create.ExecuteNonQuery();
        _statements = new SqliteStatementCache(_connection);
    }

    public void Dispose()
    {
        _statements.Dispose();
        _connection.Dispose();
    }

    [Fact]
    public void Committed_rows_stay_and_the_dispose_after_the_commit_changes_nothing()
    {
        using (var transaction = BatchTransaction.Begin(_statements))
        {
            Insert(1);
            transaction.Commit();
        }

        Assert.Equal([1L], Ids());
        Assert.False(InTransaction());
    }

    [Fact]
    public void A_batch_left_uncommitted_is_rolled_back_and_the_next_one_can_begin()
    {
        using (BatchTransaction.Begin(_statements))
        {
            Insert(1);
        }

        Assert.Empty(Ids());
        Assert.False(InTransaction());
        using var next = BatchTransaction.Begin(_statements);
        Insert(2);
        next.Commit();
        Assert.Equal([2L], Ids());
    }

    [Fact]
    public void A_transaction_SQLite_already_ended_is_not_rolled_back_again()
    {
        // SQLite ends the transaction itself at some errors (a full disk, an I/O error); a ROLLBACK then would fail
        // with "no transaction is active" and hide the error that ended it.
        using (BatchTransaction.Begin(_statements))
        {
            Insert(1);
            _statements.Raw("ROLLBACK;").Execute();
        }

        Assert.Empty(Ids());
        Assert.False(InTransaction());
    }

    [Fact]
    public void Cached_commands_run_inside_it()
    {
        using (var transaction = BatchTransaction.Begin(_statements))
        {
            var insert = _statements.Get("INSERT INTO t (id) VALUES ($id);", "$id");
            insert.Parameters["$id"].Value = 3L;
            Assert.Equal(1, insert.ExecuteNonQuery());
            Assert.True(InTransaction());
        }

        Assert.Empty(Ids());
    }

    private void Insert(long id)
    {
        var insert = _statements.Raw("INSERT INTO t (id) VALUES (?1);");
        insert.Bind(1, id);
        Assert.Equal(1, insert.Execute());
    }

    private bool InTransaction() => SQLitePCL.raw.sqlite3_get_autocommit(_statements.Handle) == 0;

    private List<long> Ids()
    {
        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT id FROM t ORDER BY id;";
        using var rows = read.ExecuteReader();
        var ids = new List<long>();
        while (rows.Read())
        {
            ids.Add(rows.GetInt64(0));
        }

        return ids;
    }
}
