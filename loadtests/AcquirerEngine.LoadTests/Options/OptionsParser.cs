using System.Globalization;
using AcquirerEngine.LoadTests.Scenarios;
using AcquirerEngine.LoadTests.Thresholds;

namespace AcquirerEngine.LoadTests.Options;

/// <summary>
/// Parses the harness's command line. Every error is a <see cref="FormatException"/> whose message names the
/// option and says what it expects.
/// </summary>
public static class OptionsParser
{
    public const string Usage = """
        Usage: AcquirerEngine.LoadTests --scenario NAME (--engine embedded | --target HOST:PORT[,HOST:PORT...]) [options]

          --scenario NAME             normal-day, spring-festival-eve, maintenance-mid-peak, new-merchant-flood,
                                      cutoff-2300, golden-week (--list-scenarios describes them)
          --engine embedded           start the real server (simulated clock, temporary data) and stop it after
          --engine-setting KEY=VALUE  an AcquirerEngine setting for the embedded server, e.g. Storage:Provider=postgres
          --target LIST               a running engine's node addresses; terminals are spread round-robin over them
          --operator-token TOKEN      the target's operator token (default: $ACQUIRER_OPERATOR_TOKEN)
          --rate N                    base rate in iterations per second (default 50); peaks are multiples of it
          --concurrency N             closed model with N workers instead of the open model
          --duration T                measured length, e.g. 30s, 2m (default 30s)
          --warmup T                  warm-up before it, not measured (default 5s; 0 for none)
          --merchants N               merchants opened before the load (default 50)
          --terminals-per-merchant N  (default 2)
          --days N                    golden-week: simulated days of closed rails, 1-7 (default 5)
          --duplicate-share F         share of iterations retrying an earlier sale (default 0.02)
          --void-share F              share voiding an earlier sale (default 0.01)
          --reverse-share F           share reversing an earlier sale (default 0.01)
          --threshold EXPR            [step.]metric<value, e.g. "sale.p99<10ms", "fail%<0.1"; repeatable
          --seed N                    data seed (default: random, printed)
          --call-timeout T            deadline of each call (default 10s)
          --max-in-flight N           cap on open-model iterations in flight (default 10000)
          --client-transport NAME     direct (the client's own HTTP/2 connections, default) or httpclient (.NET's
                                      HttpClient, which costs the harness more CPU per call)
          --report-dir DIR            where report.json, report.md and report.html go (default load-report)

        Exit codes: 0 passed, 1 a threshold failed, 2 bad arguments, 3 the book check failed, 4 the run could not run.
        """;

    public static HarnessOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new HarnessOptions { Seed = Random.Shared.Next(1, 1_000_000) };
        var settings = new ScenarioSettings();
        var thresholds = new List<Threshold>();
        var engineSettings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? engine = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = "";
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (name is not ("--help" or "-h" or "--list-scenarios"))
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException(name.StartsWith('-') ? $"{name} needs a value" : $"unexpected argument '{name}'");
                }

                value = args[++i];
            }

            switch (name)
            {
                case "--help" or "-h":
                    options = options with { Help = true };
                    break;
                case "--list-scenarios":
                    options = options with { ListScenarios = true };
                    break;
                case "--scenario":
                    options = options with { Scenario = ScenarioCatalog.Find(value)?.Name
                        ?? throw new FormatException($"--scenario: unknown scenario '{value}'; use one of {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))}") };
                    break;
                case "--engine":
                    engine = value == "embedded" ? value : throw new FormatException($"--engine: '{value}' is not supported; use --engine embedded, or --target for a running engine");
                    break;
                case "--engine-setting":
                    var at = value.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0)
                    {
                        throw new FormatException($"--engine-setting: '{value}' is not KEY=VALUE (e.g. Storage:Provider=postgres)");
                    }

                    engineSettings[value[..at].Replace("AcquirerEngine:", "", StringComparison.OrdinalIgnoreCase)] = value[(at + 1)..];
                    break;
                case "--target":
                    options = options with { Targets = ParseTargets(value) };
                    break;
                case "--operator-token":
                    options = options with { OperatorToken = value };
                    break;
                case "--rate":
                    settings = settings with { Rate = PositiveDouble(name, value) };
                    break;
                case "--concurrency":
                    settings = settings with { Concurrency = PositiveInt(name, value, 100_000) };
                    break;
                case "--duration":
                    settings = settings with { Duration = Duration(name, value, allowZero: false) };
                    break;
                case "--warmup":
                    settings = settings with { Warmup = Duration(name, value, allowZero: true) };
                    break;
                case "--merchants":
                    settings = settings with { Merchants = PositiveInt(name, value, 40_000) };
                    break;
                case "--terminals-per-merchant":
                    settings = settings with { TerminalsPerMerchant = PositiveInt(name, value, 100) };
                    break;
                case "--days":
                    settings = settings with { Days = PositiveInt(name, value, 7) };
                    break;
                case "--duplicate-share":
                    settings = settings with { DuplicateShare = Share(name, value) };
                    break;
                case "--void-share":
                    settings = settings with { VoidShare = Share(name, value) };
                    break;
                case "--reverse-share":
                    settings = settings with { ReverseShare = Share(name, value) };
                    break;
                case "--threshold":
                    thresholds.Add(ThresholdParser.Parse(value));
                    break;
                case "--seed":
                    options = options with { Seed = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : throw new FormatException($"--seed: '{value}' is not a whole number") };
                    break;
                case "--call-timeout":
                    options = options with { CallTimeout = Duration(name, value, allowZero: false) };
                    break;
                case "--client-transport":
                    options = options with
                    {
                        ClientTransport = value switch
                        {
                            "direct" => AcquirerEngine.Grpc.GrpcClientTransport.DirectHttp2,
                            "httpclient" => AcquirerEngine.Grpc.GrpcClientTransport.HttpClient,
                            _ => throw new FormatException($"--client-transport: '{value}' is not a transport; use direct or httpclient"),
                        },
                    };
                    break;
                case "--max-in-flight":
                    options = options with { MaxInFlight = PositiveInt(name, value, 1_000_000) };
                    break;
                case "--report-dir":
                    options = options with { ReportDirectory = string.IsNullOrWhiteSpace(value) ? throw new FormatException("--report-dir: give a folder") : value };
                    break;
                default:
                    throw new FormatException($"unknown option '{name}'; see --help");
            }
        }

        if (settings.DuplicateShare + settings.VoidShare + settings.ReverseShare > 0.5)
        {
            throw new FormatException("--duplicate-share, --void-share and --reverse-share together must not exceed 0.5: most iterations must be new sales");
        }

        // Terminal ids have five digits for the terminal's number, and flood merchants' terminals start at 50,000.
        if ((long)settings.Merchants * settings.TerminalsPerMerchant > 49_999)
        {
            throw new FormatException("--merchants times --terminals-per-merchant must not exceed 49,999 terminals");
        }

        options = options with { Settings = settings, Thresholds = thresholds, EngineSettings = engineSettings };
        if (options.Help || options.ListScenarios)
        {
            return options;
        }

        if (options.Scenario.Length == 0)
        {
            throw new FormatException("--scenario is required; see --list-scenarios");
        }

        if ((engine is null) == (options.Targets.Count == 0))
        {
            throw new FormatException("give exactly one of --engine embedded and --target HOST:PORT[,...]");
        }

        if (options.Targets.Count > 0 && engineSettings.Count > 0)
        {
            throw new FormatException("--engine-setting applies to --engine embedded only, not to a --target");
        }

        if (options.ClientTransport == AcquirerEngine.Grpc.GrpcClientTransport.DirectHttp2 && options.Targets.Any(t => t.Scheme == Uri.UriSchemeHttps))
        {
            throw new FormatException("--client-transport direct speaks HTTP/2 without TLS; an https target needs --client-transport httpclient");
        }

        return options;
    }

    public static IReadOnlyList<Uri> ParseTargets(string value)
    {
        var nodes = new List<Uri>();
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var text = part.Contains("://", StringComparison.Ordinal) ? part : "http://" + part;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IsDefaultPort && !part.Contains("://", StringComparison.Ordinal)
                || uri.AbsolutePath != "/")
            {
                throw new FormatException($"--target: '{part}' is not HOST:PORT (or http(s)://HOST:PORT)");
            }

            nodes.Add(uri);
        }

        return nodes.Count > 0 ? nodes : throw new FormatException("--target: give at least one HOST:PORT");
    }

    /// <summary>"30s", "2m", "1h", "500ms" or plain seconds.</summary>
    public static TimeSpan Duration(string option, string value, bool allowZero)
    {
        ArgumentNullException.ThrowIfNull(value);
        var (number, unit) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 0.001),
            _ when value.EndsWith('s') => (value[..^1], 1.0),
            _ when value.EndsWith('m') => (value[..^1], 60.0),
            _ when value.EndsWith('h') => (value[..^1], 3600.0),
            _ => (value, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed)
            || parsed < 0 || (!allowZero && parsed == 0) || parsed * unit > 7 * 86_400)
        {
            throw new FormatException($"{option}: '{value}' is not a {(allowZero ? "" : "positive ")}duration like 30s, 2m or 500ms");
        }

        return TimeSpan.FromSeconds(parsed * unit);
    }

    private static double PositiveDouble(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 && double.IsFinite(parsed)
            ? parsed
            : throw new FormatException($"{option}: '{value}' is not a positive number");

    private static int PositiveInt(string option, string value, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 && parsed <= max
            ? parsed
            : throw new FormatException($"{option}: '{value}' is not a whole number from 1 to {max}");

    private static double Share(string option, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 0.5
            ? parsed
            : throw new FormatException($"{option}: '{value}' is not a share from 0 to 0.5");
}
