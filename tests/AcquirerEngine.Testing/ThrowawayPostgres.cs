using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace AcquirerEngine.Testing;

/// <summary>
/// A private, disposable PostgreSQL server for tests: its own data directory under /tmp, listening on
/// 127.0.0.1 on a free port (never 5432), trust authentication, user "postgres".
/// </summary>
/// <remarks>
/// Runs as the current user, or as the "postgres" user via runuser when the tests run as root (PostgreSQL
/// refuses root). Servers are stopped (pg_ctl stop -m immediate) and their directory removed on dispose, on
/// process exit, and, for runs that were killed outright, by the next <see cref="StartAsync"/> in any process,
/// which sweeps /tmp/aepg-* directories whose owner.pid names a dead process.
/// The server runs with fsync off: it is for tests, and a process-level restart keeps committed data anyway.
/// </remarks>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string RootParent = "/tmp";
    private const string DirectoryPrefix = "aepg-";
    private const string OwnerPidFileName = "owner.pid";
    private const string ServiceUser = "postgres";
    private const string InstallLockPath = "/tmp/aepg-install.lock";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(10);

    private static readonly ConcurrentDictionary<ThrowawayPostgres, byte> Running = new();
    private static readonly Lazy<Task<ThrowawayPostgres>> SharedServer = new(() => StartAsync(null, CancellationToken.None));

    // Detached shell that waits for this test process to die and then stops the server and deletes its
    // directory. It covers what ProcessExit cannot: a killed test host (vstest kills testhost shortly after
    // the run, often in the middle of exit handlers), a crash, or SIGKILL.
    private const string WatchdogScript = """
        exec </dev/null >/dev/null 2>&1
        while kill -0 "$1"; do sleep 1; done
        if [ -f "$2/data/postmaster.pid" ]; then
          if [ -n "$3" ]; then runuser -u "$3" -- "$4/pg_ctl" stop -D "$2/data" -m immediate -w -t 20
          else "$4/pg_ctl" stop -D "$2/data" -m immediate -w -t 20; fi
        fi
        rm -rf "$2"
        """;

    private readonly string _binDirectory;
    private readonly string? _runAsUser;
    private System.Diagnostics.Process? _watchdog;
    private int _stopped;

    static ThrowawayPostgres()
    {
        // Test hosts exit without disposing static state; this stops whatever is still running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAllForProcessExit();
    }

    private ThrowawayPostgres(string rootDirectory, int port, string binDirectory, string? runAsUser)
    {
        RootDirectory = rootDirectory;
        Port = port;
        _binDirectory = binDirectory;
        _runAsUser = runAsUser;
        ConnectionString = BuildConnectionString("postgres");
    }

    /// <summary>Connection string to the server's "postgres" maintenance database, as superuser.</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>The /tmp/aepg-* directory holding data, log and the unix socket; removed on dispose.</summary>
    public string RootDirectory { get; }

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public string LogFile => Path.Combine(RootDirectory, "postgres.log");

    /// <summary>
    /// One server for the whole test process, started on first use and stopped at process exit.
    /// Test classes share it and isolate themselves with <see cref="CreateDatabaseAsync"/>: initdb costs
    /// seconds, a database milliseconds.
    /// </summary>
    public static Task<ThrowawayPostgres> GetSharedAsync()
    {
        return SharedServer.Value;
    }

    /// <summary>Installs PostgreSQL if needed and allowed, creates a fresh cluster and starts it.</summary>
    public static async Task<ThrowawayPostgres> StartAsync(ThrowawayPostgresOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ThrowawayPostgresOptions();
        var runAsUser = IsRoot() ? ServiceUser : null;
        await EnsureBinariesAsync(options, runAsUser is not null, cancellationToken).ConfigureAwait(false);
        await RemoveLeftoversAsync(options.BinDirectory, runAsUser).ConfigureAwait(false);

        var root = CreateRootDirectory();
        ThrowawayPostgres? server = null;
        try
        {
            if (runAsUser is not null)
            {
                await ProcessRunner.RunCheckedAsync("chown", ["-R", $"{runAsUser}:{runAsUser}", root], null, StopTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            var dataDirectory = Path.Combine(root, "data");
            await ProcessRunner.RunCheckedAsync(
                Path.Combine(options.BinDirectory, "initdb"),
                ["-D", dataDirectory, "--locale=C.UTF-8", "--encoding=UTF8", "-A", "trust", "-U", "postgres", "--no-sync"],
                runAsUser,
                options.StartTimeout,
                cancellationToken: cancellationToken).ConfigureAwait(false);

            // The free port is found by binding and releasing it, so another process can take it before
            // postgres binds: retry with a new port when the start fails.
            const int attempts = 5;
            for (var attempt = 1; ; attempt++)
            {
                var port = FindFreePort();
                var candidate = new ThrowawayPostgres(root, port, options.BinDirectory, runAsUser);
                var result = await candidate.PgCtlAsync(
                    [
                        "start", "-D", dataDirectory, "-l", candidate.LogFile, "-w",
                        "-t", ((int)options.StartTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                        "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300",
                    ],
                    options.StartTimeout + TimeSpan.FromSeconds(10),
                    cancellationToken).ConfigureAwait(false);
                if (result.ExitCode == 0)
                {
                    server = candidate;
                    break;
                }

                if (attempt == attempts)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL did not start in {root}:\n{result.Output}\n{ReadLogSafely(candidate.LogFile)}");
                }
            }

            Running.TryAdd(server, 0);
            server.StartWatchdog();
            await server.WaitUntilAcceptingAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                DeleteDirectory(root);
            }

            throw;
        }
    }

    /// <summary>Creates an empty database with a unique name and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "t_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8';", connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return BuildConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, disconnecting anyone still using it.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database
            ?? throw new ArgumentException("Connection string names no database.", nameof(connectionString));
        await using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WITH (FORCE);", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server immediately and deletes its directory. Safe to call more than once.</summary>
    public ValueTask DisposeAsync()
    {
        return StopAsync(stopWatchdog: true);
    }

    private async ValueTask StopAsync(bool stopWatchdog)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        Running.TryRemove(this, out _);
        await StopAndDeleteAsync(_binDirectory, _runAsUser, RootDirectory).ConfigureAwait(false);
        if (stopWatchdog)
        {
            StopWatchdog();
        }
    }

    private void StartWatchdog()
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo
        {
            // setsid: its own session, so signals to the test host's process group do not reach it.
            FileName = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : "/bin/sh",
            WorkingDirectory = "/",
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (startInfo.FileName != "/bin/sh")
        {
            startInfo.ArgumentList.Add("/bin/sh");
        }

        foreach (var argument in new[]
        {
            "-c", WatchdogScript, "aepg-watchdog",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), RootDirectory, _runAsUser ?? string.Empty, _binDirectory,
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        _watchdog = System.Diagnostics.Process.Start(startInfo);
    }

    private void StopWatchdog()
    {
        try
        {
            if (_watchdog is { HasExited: false })
            {
                _watchdog.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
        finally
        {
            _watchdog?.Dispose();
        }
    }

    private string BuildConnectionString(string database)
    {
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            IncludeErrorDetail = true,
            Timeout = 30,
        }.ConnectionString;
    }

    private Task<ProcessRunner.Result> PgCtlAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        return ProcessRunner.RunAsync(Path.Combine(_binDirectory, "pg_ctl"), arguments, _runAsUser, timeout, cancellationToken: cancellationToken);
    }

    private async Task WaitUntilAcceptingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // pg_ctl -w already waited for "ready"; this proves a TCP client really gets in.
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task StopAndDeleteAsync(string binDirectory, string? runAsUser, string root)
    {
        var dataDirectory = Path.Combine(root, "data");
        if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            try
            {
                await ProcessRunner.RunAsync(
                    Path.Combine(binDirectory, "pg_ctl"),
                    ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "20"],
                    runAsUser,
                    StopTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Fall through to killing the postmaster directly.
            }

            KillPostmaster(dataDirectory);
        }

        DeleteDirectory(root);
    }

    private static void StopAllForProcessExit()
    {
        foreach (var server in Running.Keys)
        {
            try
            {
                // The watchdog stays: if the host kills us halfway through, it finishes the job.
                server.StopAsync(stopWatchdog: false).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
            {
                // Best effort at exit: the next run's leftover sweep removes whatever remains.
            }
        }
    }

    /// <summary>Kills the postmaster named in postmaster.pid if it still runs (pg_ctl failed or was unavailable).</summary>
    private static void KillPostmaster(string dataDirectory)
    {
        try
        {
            var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
            if (!File.Exists(pidFile))
            {
                return;
            }

            var firstLine = File.ReadLines(pidFile).FirstOrDefault();
            if (int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid))
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or not ours to kill.
        }
    }

    /// <summary>Stops and removes servers left by test processes that died without cleaning up.</summary>
    private static async Task RemoveLeftoversAsync(string binDirectory, string? runAsUser)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetDirectories(RootParent, DirectoryPrefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var root in candidates)
        {
            try
            {
                var ownerFile = Path.Combine(root, OwnerPidFileName);
                bool orphaned;
                if (File.Exists(ownerFile))
                {
                    var text = (await File.ReadAllTextAsync(ownerFile).ConfigureAwait(false)).Trim();
                    orphaned = !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ownerPid) || !IsAlive(ownerPid);
                }
                else
                {
                    // No owner yet: maybe a server being created right now; only old ones are orphans.
                    orphaned = DateTime.UtcNow - Directory.GetCreationTimeUtc(root) > OrphanAge;
                }

                if (orphaned)
                {
                    await StopAndDeleteAsync(binDirectory, runAsUser, root).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
            {
                // Another process may be sweeping the same directory; leave it.
            }
        }
    }

    private static string CreateRootDirectory()
    {
        // A short path: the unix socket lives here and socket paths are limited to about 100 bytes.
        while (true)
        {
            var root = Path.Combine(RootParent, DirectoryPrefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant());
            if (Directory.Exists(root))
            {
                continue;
            }

            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, OwnerPidFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return root;
        }
    }

    private static async Task EnsureBinariesAsync(ThrowawayPostgresOptions options, bool isRoot, CancellationToken cancellationToken)
    {
        if (HasBinaries(options.BinDirectory))
        {
            return;
        }

        if (!options.InstallIfMissing || !isRoot)
        {
            throw new InvalidOperationException(
                $"PostgreSQL binaries not found in {options.BinDirectory}. Install postgresql-15 (apt-get install postgresql-15) or set AE_PG_BIN.");
        }

        // Several test processes may start at once on a fresh machine: one installs, the others wait.
        using var installLock = await AcquireFileLockAsync(InstallLockPath, TimeSpan.FromMinutes(10), cancellationToken).ConfigureAwait(false);
        if (HasBinaries(options.BinDirectory))
        {
            return;
        }

        var environment = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        await ProcessRunner.RunCheckedAsync("apt-get", ["update"], null, TimeSpan.FromMinutes(5), environment, cancellationToken).ConfigureAwait(false);
        await ProcessRunner.RunCheckedAsync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql-15"], null, TimeSpan.FromMinutes(10), environment, cancellationToken).ConfigureAwait(false);
        if (!HasBinaries(options.BinDirectory))
        {
            throw new InvalidOperationException($"apt-get installed postgresql-15 but {options.BinDirectory} still lacks initdb/pg_ctl/postgres.");
        }
    }

    private static bool HasBinaries(string binDirectory)
    {
        return File.Exists(Path.Combine(binDirectory, "initdb"))
            && File.Exists(Path.Combine(binDirectory, "pg_ctl"))
            && File.Exists(Path.Combine(binDirectory, "postgres"));
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static int FindFreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();

            // Never the default port: a developer's real server may be there.
            if (port != 5432)
            {
                return port;
            }
        }
    }

    private static bool IsRoot()
    {
        // Effective uid from /proc avoids P/Invoke; fall back to the user name elsewhere.
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 2 && fields[2] == "0";
                }
            }
        }
        catch (IOException)
        {
        }

        return Environment.UserName == "root";
    }

    private static bool IsAlive(int pid)
    {
        return Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}");
    }

    private static void DeleteDirectory(string root)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(root))
                {
                    Directory.Delete(root, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                // A dying backend may still be removing files (e.g. the socket lock); try again shortly.
                Thread.Sleep(200);
            }
        }
    }

    private static string ReadLogSafely(string logFile)
    {
        try
        {
            return File.Exists(logFile) ? File.ReadAllText(logFile) : "(no log)";
        }
        catch (IOException)
        {
            return "(log unreadable)";
        }
    }
}
