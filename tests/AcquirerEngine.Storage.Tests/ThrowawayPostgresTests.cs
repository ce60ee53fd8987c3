using System.Globalization;
using System.Net.Sockets;
using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Storage.Tests;

/// <summary>The throwaway server itself: isolated, not root, gone after dispose.</summary>
public sealed class ThrowawayPostgresTests
{
    [Fact]
    public async Task Dedicated_server_runs_isolated_and_is_removed_on_dispose()
    {
        var server = await ThrowawayPostgres.StartAsync();
        string root;
        int port;
        try
        {
            root = server.RootDirectory;
            port = server.Port;
            Assert.StartsWith("/tmp/aepg-", root, StringComparison.Ordinal);
            Assert.NotEqual(5432, port);
            Assert.True(File.Exists(Path.Combine(root, "owner.pid")));

            await using (var connection = new NpgsqlConnection(server.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, current_setting('listen_addresses');", connection);
                await using var reader = await command.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                Assert.InRange(reader.GetInt32(0), 150000, 159999);
                Assert.Equal("127.0.0.1", reader.GetString(1));
            }

            // The postmaster never runs as root.
            var pid = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var uidLine = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
            Assert.NotEqual("0", uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);

            // Databases are separate: a table in one is not in the other.
            var first = await server.CreateDatabaseAsync();
            var second = await server.CreateDatabaseAsync();
            await Execute(first, "CREATE TABLE only_here (x int);");
            await Execute(second, "CREATE TABLE only_here (x int);");
            await server.DropDatabaseAsync(first);
            await server.DropDatabaseAsync(second);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(Directory.Exists(root));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    private static async Task Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
