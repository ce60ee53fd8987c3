using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace AcquirerEngine.Testing;

/// <summary>
/// A real Prometheus (Debian package prometheus) on loopback, on a free port, with its own temporary
/// storage and a generated configuration scraping one target every second. Killed and removed on dispose.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string BinaryPath = "/usr/bin/prometheus";

    /// <summary>The job name of the one scrape target.</summary>
    public const string JobName = "acquirer-engine";

    private readonly Process _process;
    private readonly TemporaryDirectory _directory;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;

    private PrometheusServer(Process process, TemporaryDirectory directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Prometheus's own HTTP address (web UI and API).</summary>
    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus scraping <paramref name="metricsUrl"/> (http://host:port/path) and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri metricsUrl)
    {
        ArgumentNullException.ThrowIfNull(metricsUrl);
        if (!File.Exists(BinaryPath))
        {
            throw new InvalidOperationException($"{BinaryPath} is missing: install the Debian package prometheus (tests/run.sh does).");
        }

        var directory = new TemporaryDirectory();
        var config = System.IO.Path.Combine(directory.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, Configuration(metricsUrl));
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory.Path,
        };
        start.ArgumentList.Add("--config.file=" + config);
        start.ArgumentList.Add("--storage.tsdb.path=" + System.IO.Path.Combine(directory.Path, "data"));
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        var process = Process.Start(start);
        if (process is null)
        {
            directory.Dispose();
            throw new InvalidOperationException("could not start prometheus");
        }

        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs an instant query; returns the first sample's value, or null when the result is empty.</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promql));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode} to '{promql}': {body}");
        }

        using var json = JsonDocument.Parse(body);
        var result = json.RootElement.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0)
        {
            return null;
        }

        // An instant vector sample is [timestamp, "value"].
        var value = result[0].GetProperty("value")[1].GetString();
        return double.Parse(value!, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="promql"/> until it returns <paramref name="expected"/>; the last value seen is returned either way.</summary>
    public async Task<double?> WaitForValueAsync(string promql, double expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        double? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await QueryAsync(promql);
            if (last == expected)
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        return last;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _directory.Dispose();
    }

    private static string Configuration(Uri metricsUrl) =>
        $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: {JobName}
            metrics_path: {metricsUrl.AbsolutePath}
            static_configs:
              - targets: ['{metricsUrl.Authority}']
        """;

    /// <summary>A port the OS considers free right now (another process could take it before Prometheus binds; rare on loopback).</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await _http.GetAsync("-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"prometheus was not ready within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
