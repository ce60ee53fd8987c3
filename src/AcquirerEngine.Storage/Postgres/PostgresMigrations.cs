using Npgsql;

namespace AcquirerEngine.Storage.Postgres;

/// <summary>The PostgreSQL schema, as ordered migrations, and the code that applies the pending ones.</summary>
internal static class PostgresMigrations
{
    /// <summary>
    /// Advisory lock key ("AESCHEMA" in ASCII) taken while migrating. Advisory locks are per database,
    /// so this serializes only processes migrating the same database.
    /// </summary>
    private const long AdvisoryLockKey = 0x4145_5343_4845_4D41;

    public static readonly IReadOnlyList<SchemaMigration> All =
    [
        new SchemaMigration(1, "grain state, journal, reminders", """
            CREATE TABLE grain_state (
                grain_type text NOT NULL,
                grain_key  text NOT NULL,
                version    bigint NOT NULL CHECK (version > 0),
                payload    bytea NOT NULL,
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            );

            CREATE TABLE journal (
                sequence   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                grain_type text NOT NULL,
                grain_key  text NOT NULL,
                record_id  text NOT NULL CONSTRAINT journal_record_id_unique UNIQUE,
                kind       text NOT NULL,
                payload    bytea NOT NULL,
                written_at timestamptz NOT NULL
            );

            CREATE INDEX journal_grain ON journal (grain_type, grain_key, sequence);

            CREATE TABLE reminders (
                grain_type text NOT NULL,
                grain_key  text NOT NULL,
                name       text NOT NULL,
                first_tick timestamptz NOT NULL,
                period     interval NOT NULL,
                next_due   timestamptz NOT NULL,
                PRIMARY KEY (grain_type, grain_key, name)
            );

            CREATE INDEX reminders_next_due ON reminders (next_due);
            """),

        // Append-only writes: a grain's payload is its last snapshot (written at snapshot_version); its
        // records with a larger grain_version, after journal_floor (the end of a life before a clear), are
        // the tail replayed on activation. Rows written before this step are snapshots of everything.
        new SchemaMigration(2, "snapshots and journal tails", """
            ALTER TABLE grain_state ADD COLUMN snapshot_version bigint NOT NULL DEFAULT 0;
            ALTER TABLE grain_state ADD COLUMN journal_floor bigint NOT NULL DEFAULT 0;
            UPDATE grain_state SET snapshot_version = version;
            ALTER TABLE journal ADD COLUMN grain_version bigint;
            """),

        // The version row apart from the snapshot: an append updates a row of a few dozen bytes instead of a
        // tuple carrying the whole state (PostgreSQL writes a new tuple version, and WAL for it, on every
        // UPDATE). Free space on each page lets those updates stay on the page (HOT). acquirer_require lets
        // one statement refuse, aborting its transaction, when a batch's assumption about stored rows is wrong.
        new SchemaMigration(3, "snapshots apart from versions", """
            CREATE TABLE grain_snapshot (
                grain_type text NOT NULL,
                grain_key  text NOT NULL,
                payload    bytea NOT NULL,
                PRIMARY KEY (grain_type, grain_key)
            );

            INSERT INTO grain_snapshot (grain_type, grain_key, payload) SELECT grain_type, grain_key, payload FROM grain_state;
            ALTER TABLE grain_state DROP COLUMN payload;
            ALTER TABLE grain_state SET (fillfactor = 70);

            CREATE FUNCTION acquirer_require(ok boolean, reason text) RETURNS boolean LANGUAGE plpgsql AS $$
            BEGIN
                IF ok IS NOT TRUE THEN
                    RAISE EXCEPTION 'acquirer_require: %', reason USING ERRCODE = 'P0001';
                END IF;
                RETURN true;
            END
            $$;
            """),
    ];

    /// <summary>
    /// Applies pending migrations in one transaction under a transaction-scoped advisory lock, so two
    /// processes starting together neither race on CREATE TABLE nor apply a step twice; PostgreSQL DDL is
    /// transactional, so a failed step leaves the schema as it was.
    /// </summary>
    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key);", connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var create = new NpgsqlCommand("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    integer PRIMARY KEY,
                        name       text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    );
                    """, connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var applied = new HashSet<int>();
                await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations;", connection, transaction))
                {
                    var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            applied.Add(reader.GetInt32(0));
                        }
                    }
                }

                var newest = All[^1].Version;
                if (applied.Count > 0 && applied.Max() > newest)
                {
                    // A newer build migrated this database; running old code against it could corrupt data.
                    throw new InvalidOperationException(
                        $"Database schema version {applied.Max()} is newer than this build supports ({newest}).");
                }

                foreach (var migration in All.OrderBy(m => m.Version))
                {
                    if (applied.Contains(migration.Version))
                    {
                        continue;
                    }

                    await using (var step = new NpgsqlCommand(migration.Sql, connection, transaction))
                    {
                        await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using var record = new NpgsqlCommand(
                        "INSERT INTO schema_migrations (version, name) VALUES (@version, @name);", connection, transaction);
                    record.Parameters.AddWithValue("version", migration.Version);
                    record.Parameters.AddWithValue("name", migration.Name);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
