using Npgsql;

namespace AcquirerEngine.Cluster;

/// <summary>
/// The cluster's tables in PostgreSQL: members (one row per node incarnation) and shard leases (one row per shard).
/// Created idempotently under an advisory lock, so nodes starting together converge on one schema.
/// </summary>
/// <remarks>
/// Two rules are enforced by the database rather than trusted to every node's code:
/// a member row that is dead or left never returns to life (trigger), and a lease's epoch never decreases (trigger).
/// All times are the database's clock (clock_timestamp()), so nodes' clocks may disagree without harm.
/// </remarks>
public static class ClusterSchema
{
    /// <summary>Advisory lock key ("AECLUSTR" in ASCII) held while creating the schema.</summary>
    private const long AdvisoryLockKey = 0x4145_434C_5553_5452;

    private const string CreateSql = """
        CREATE SEQUENCE IF NOT EXISTS cluster_incarnation;

        CREATE TABLE IF NOT EXISTS cluster_members (
            incarnation    bigint PRIMARY KEY,
            node_id        text NOT NULL,
            address        text NOT NULL,
            status         text NOT NULL CHECK (status IN ('active', 'leaving', 'left', 'dead')),
            started_at     timestamptz NOT NULL,
            last_heartbeat timestamptz NOT NULL
        );

        CREATE TABLE IF NOT EXISTS cluster_settings (
            name  text PRIMARY KEY,
            value bigint NOT NULL
        );

        CREATE TABLE IF NOT EXISTS shard_leases (
            shard             integer PRIMARY KEY CHECK (shard >= 0),
            owner_incarnation bigint REFERENCES cluster_members (incarnation),
            epoch             bigint NOT NULL CHECK (epoch >= 0),
            expires_at        timestamptz
        );

        CREATE OR REPLACE FUNCTION cluster_members_final_status() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status IN ('dead', 'left') AND NEW.status <> OLD.status THEN
                RAISE EXCEPTION 'member % is %, it cannot become %', OLD.incarnation, OLD.status, NEW.status;
            END IF;
            RETURN NEW;
        END $$;

        CREATE OR REPLACE FUNCTION shard_leases_epoch_monotonic() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.epoch < OLD.epoch THEN
                RAISE EXCEPTION 'shard % epoch would go back from % to %', OLD.shard, OLD.epoch, NEW.epoch;
            END IF;
            RETURN NEW;
        END $$;

        DROP TRIGGER IF EXISTS cluster_members_final_status ON cluster_members;
        CREATE TRIGGER cluster_members_final_status BEFORE UPDATE ON cluster_members
            FOR EACH ROW EXECUTE FUNCTION cluster_members_final_status();

        DROP TRIGGER IF EXISTS shard_leases_epoch_monotonic ON shard_leases;
        CREATE TRIGGER shard_leases_epoch_monotonic BEFORE UPDATE ON shard_leases
            FOR EACH ROW EXECUTE FUNCTION shard_leases_epoch_monotonic();
        """;

    /// <summary>
    /// Creates the tables when missing and the shard rows for <paramref name="shardCount"/> shards. The shard count is
    /// fixed for the life of a database: a node configured with another count is refused, since it would place keys
    /// on other shards than the running nodes do.
    /// </summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, int shardCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);

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

                await using (var create = new NpgsqlCommand(CreateSql, connection, transaction))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                long storedCount;
                await using (var settle = new NpgsqlCommand("""
                    INSERT INTO cluster_settings (name, value) VALUES ('shard_count', @count)
                    ON CONFLICT (name) DO UPDATE SET value = cluster_settings.value
                    RETURNING value;
                    """, connection, transaction))
                {
                    settle.Parameters.AddWithValue("count", (long)shardCount);
                    storedCount = (long)(await settle.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }

                if (storedCount != shardCount)
                {
                    throw new InvalidOperationException(
                        $"The cluster database was created with {storedCount} shards; this node is configured with {shardCount}. "
                        + "The shard count cannot change while the database holds data.");
                }

                await using (var shards = new NpgsqlCommand("""
                    INSERT INTO shard_leases (shard, owner_incarnation, epoch, expires_at)
                    SELECT s, NULL, 0, NULL FROM generate_series(0, @count - 1) AS s
                    ON CONFLICT (shard) DO NOTHING;
                    """, connection, transaction))
                {
                    shards.Parameters.AddWithValue("count", shardCount);
                    await shards.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
