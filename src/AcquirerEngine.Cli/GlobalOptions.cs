using System.CommandLine;
using System.Globalization;

namespace AcquirerEngine.Cli;

/// <summary>The options every command takes (--address, --token, --timeout, --json) and their resolution.</summary>
public sealed class GlobalOptions
{
    public const string AddressVariable = "ACQUIRER_ADDRESS";

    public const string TokenVariable = "ACQUIRER_OPERATOR_TOKEN";

    public const string DefaultAddress = "http://127.0.0.1:50051";

    public const double DefaultTimeoutSeconds = 10;

    public GlobalOptions()
    {
        Timeout.Validators.Add(result =>
        {
            var seconds = result.GetValueOrDefault<double>();
            if (!(seconds > 0 && seconds <= TimeSpan.MaxValue.TotalSeconds / 2))
            {
                result.AddError($"--timeout must be a positive number of seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            }
        });
    }

    // The environment fallbacks are applied in Resolve, not as DefaultValueFactory: help prints
    // defaults, and the token must never appear in help output.
    public Option<string?> Address { get; } = new("--address")
    {
        Description = $"The engine's gRPC address [default: {DefaultAddress}, or ${AddressVariable}]",
        HelpName = "url",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Operator bearer token for operator commands [default: ${TokenVariable}]; never printed",
        HelpName = "token",
        Recursive = true,
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of the call, in seconds",
        HelpName = "seconds",
        DefaultValueFactory = _ => DefaultTimeoutSeconds,
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the response as protobuf JSON (one object per line for streams)",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Add(Address);
        root.Add(Token);
        root.Add(Timeout);
        root.Add(Json);
    }

    /// <summary>The settings of this invocation: command line first, then environment, then defaults.</summary>
    /// <exception cref="CliUsageException">The address is not an absolute http or https URL.</exception>
    public CliSettings Resolve(ParseResult parseResult, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(environment);
        var addressText = NonEmpty(parseResult.GetValue(Address)) ?? NonEmpty(environment(AddressVariable)) ?? DefaultAddress;
        if (!Uri.TryCreate(addressText, UriKind.Absolute, out var address)
            || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"--address '{addressText}' must be an absolute http:// or https:// URL");
        }

        var token = NonEmpty(parseResult.GetValue(Token)) ?? NonEmpty(environment(TokenVariable));
        var timeout = TimeSpan.FromSeconds(parseResult.GetValue(Timeout));
        return new CliSettings(address, token, timeout, parseResult.GetValue(Json));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
