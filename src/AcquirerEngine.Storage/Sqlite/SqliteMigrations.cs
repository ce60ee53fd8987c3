using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>The SQLite schema, as ordered migrations, and the code that applies the pending ones.</summary>
internal static class SqliteMigrations
{
    // Instants are INTEGER microseconds since the Unix epoch (UTC) and periods INTEGER microseconds:
    // exact, sortable and the same precision as PostgreSQL timestamptz/interval.
    // STRICT makes SQLite enforce the declared column types instead of silently storing anything.
    public static readonly IReadOnlyList<SchemaMigration> All =
    [
        new SchemaMigration(1, "grain state, journal, reminders", """
            CREATE TABLE grain_state (
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                version    INTEGER NOT NULL CHECK (version > 0),
                payload    BLOB NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            ) STRICT, WITHOUT ROWID;

            -- AUTOINCREMENT: sequences are never reused, so a reader's afterSequence cursor stays valid forever.
            CREATE TABLE journal (
                sequence   INTEGER PRIMARY KEY AUTOINCREMENT,
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                record_id  TEXT NOT NULL CONSTRAINT journal_record_id_unique UNIQUE,
                kind       TEXT NOT NULL,
                payload    BLOB NOT NULL,
                written_at INTEGER NOT NULL
            ) STRICT;

            CREATE INDEX journal_grain ON journal (grain_type, grain_key, sequence);

            CREATE TABLE reminders (
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                name       TEXT NOT NULL,
                first_tick INTEGER NOT NULL,
                period     INTEGER NOT NULL,
                next_due   INTEGER NOT NULL,
                PRIMARY KEY (grain_type, grain_key, name)
            ) STRICT, WITHOUT ROWID;

            CREATE INDEX reminders_next_due ON reminders (next_due);
            """),

        // Append-only writes: a grain's payload is its last snapshot (written at snapshot_version); its
        // records with a larger grain_version, after journal_floor (the end of a life before a clear), are
        // the tail replayed on activation. Rows written before this step are snapshots of everything.
        new SchemaMigration(2, "snapshots and journal tails", """
            ALTER TABLE grain_state ADD COLUMN snapshot_version INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE grain_state ADD COLUMN journal_floor INTEGER NOT NULL DEFAULT 0;
            UPDATE grain_state SET snapshot_version = version;
            ALTER TABLE journal ADD COLUMN grain_version INTEGER;
            """),

        // A grain's snapshot moves to a table of its own. SQLite rewrites a whole row on UPDATE, blob included, so
        // with the payload beside the version every append (a version bump) copied the grain's last snapshot into
        // the WAL again. grain_state keeps the small, often-written version row; grain_snapshot the large, rarely
        // written payload, one row per grain_state row, written in the same transactions. A rowid table: SQLite's
        // advice for rows this large (WITHOUT ROWID suits rows under about a twentieth of a page).
        new SchemaMigration(3, "snapshot payloads apart from versions", """
            CREATE TABLE grain_snapshot (
                grain_type TEXT NOT NULL,
                grain_key  TEXT NOT NULL,
                payload    BLOB NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            ) STRICT;

            INSERT INTO grain_snapshot (grain_type, grain_key, payload) SELECT grain_type, grain_key, payload FROM grain_state;
            ALTER TABLE grain_state DROP COLUMN payload;
            """),

        // Record ids a grain dedupes itself (JournalRecord.DedupedByGrain: a sale's answer, a capture) leave the
        // store-wide unique index: an insert into it lands on a random page of an index of every record ever
        // written, one more page per record in each commit's WAL frames, for a check that cannot fail. The index
        // becomes partial over id_checked = 1; every earlier row is checked. SQLite cannot drop a column
        // constraint, so the table is rebuilt (a copy of the journal, once, when a store opens on this build). Its
        // AUTOINCREMENT high-water mark moves to the new table first, so sequences are never reused.
        new SchemaMigration(4, "record ids checked unless the grain dedupes them", """
            CREATE TABLE journal_rebuilt (
                sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
                grain_type    TEXT NOT NULL,
                grain_key     TEXT NOT NULL,
                record_id     TEXT NOT NULL,
                kind          TEXT NOT NULL,
                payload       BLOB NOT NULL,
                written_at    INTEGER NOT NULL,
                grain_version INTEGER,
                id_checked    INTEGER NOT NULL DEFAULT 1 CHECK (id_checked IN (0, 1))
            ) STRICT;

            INSERT INTO journal_rebuilt (sequence, grain_type, grain_key, record_id, kind, payload, written_at, grain_version)
            SELECT sequence, grain_type, grain_key, record_id, kind, payload, written_at, grain_version FROM journal ORDER BY sequence;

            DELETE FROM sqlite_sequence WHERE name = 'journal_rebuilt';
            UPDATE sqlite_sequence SET name = 'journal_rebuilt' WHERE name = 'journal';
            DROP TABLE journal;
            ALTER TABLE journal_rebuilt RENAME TO journal;

            CREATE INDEX journal_grain ON journal (grain_type, grain_key, sequence);
            CREATE UNIQUE INDEX journal_record_id_unique ON journal (record_id) WHERE id_checked = 1;
            """),

        // A grain's records are found by a chain instead of the journal_grain index: each record names its grain's
        // record before it (grain_previous, 0 for the first), and the grain's version row names its last
        // (journal_head). An insert into journal_grain landed on a random leaf of an index of every record, one more
        // page in each commit's WAL frames per record; the version row the head lives in is rewritten by every write
        // anyway. A cleared grain has no version row, so its head moves to cleared_journal_head, where a new life
        // reads its floor and a journal read finds it (read only while the grain has no version row). Linking the
        // stored records reads the old index, so it runs before the index is dropped: one pass over the journal.
        new SchemaMigration(5, "a grain's records chained instead of indexed", """
            ALTER TABLE journal ADD COLUMN grain_previous INTEGER NOT NULL DEFAULT 0;
            UPDATE journal SET grain_previous = linked.previous
            FROM (SELECT sequence, lag(sequence, 1, 0) OVER (PARTITION BY grain_type, grain_key ORDER BY sequence) AS previous FROM journal) AS linked
            WHERE journal.sequence = linked.sequence AND linked.previous <> 0;

            ALTER TABLE grain_state ADD COLUMN journal_head INTEGER NOT NULL DEFAULT 0;
            UPDATE grain_state SET journal_head = heads.head
            FROM (SELECT grain_type, grain_key, max(sequence) AS head FROM journal GROUP BY grain_type, grain_key) AS heads
            WHERE grain_state.grain_type = heads.grain_type AND grain_state.grain_key = heads.grain_key;

            CREATE TABLE cleared_journal_head (
                grain_type   TEXT NOT NULL,
                grain_key    TEXT NOT NULL,
                journal_head INTEGER NOT NULL CHECK (journal_head > 0),
                PRIMARY KEY (grain_type, grain_key)
            ) STRICT, WITHOUT ROWID;

            INSERT INTO cleared_journal_head (grain_type, grain_key, journal_head)
            SELECT grain_type, grain_key, max(sequence) FROM journal j
            WHERE NOT EXISTS (SELECT 1 FROM grain_state s WHERE s.grain_type = j.grain_type AND s.grain_key = j.grain_key)
            GROUP BY grain_type, grain_key;

            DROP INDEX journal_grain;
            """),
    ];

    /// <summary>
    /// Applies pending migrations in one BEGIN IMMEDIATE transaction: the write lock is taken before
    /// schema_migrations is read, so two processes opening the same file at once apply each step once.
    /// </summary>
    public static void Apply(SqliteConnection connection, long nowMicroseconds)
    {
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);

        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at INTEGER NOT NULL
            ) STRICT;
            """);

        var applied = new HashSet<long>();
        using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT version FROM schema_migrations;";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                applied.Add(reader.GetInt64(0));
            }
        }

        var newest = All[^1].Version;
        if (applied.Count > 0 && applied.Max() > newest)
        {
            // A newer build migrated this file; running old code against it could corrupt data.
            throw new InvalidOperationException(
                $"Database schema version {applied.Max()} is newer than this build supports ({newest}).");
        }

        foreach (var migration in All.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            Execute(connection, transaction, migration.Sql);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $appliedAt);";
            record.Parameters.AddWithValue("$version", migration.Version);
            record.Parameters.AddWithValue("$name", migration.Name);
            record.Parameters.AddWithValue("$appliedAt", nowMicroseconds);
            record.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
