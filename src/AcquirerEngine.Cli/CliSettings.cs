namespace AcquirerEngine.Cli;

/// <summary>The global options of one invocation, after environment fallbacks and checks.</summary>
/// <param name="Address">The engine's gRPC address (http or https).</param>
/// <param name="OperatorToken">The operator bearer token, or null when none was given (only operator commands need it).</param>
/// <param name="Timeout">The deadline of each call.</param>
/// <param name="Json">Whether results are printed as protobuf JSON.</param>
public sealed record CliSettings(Uri Address, string? OperatorToken, TimeSpan Timeout, bool Json)
{
    /// <summary>Keeps the token out of logs and test failure messages: records print every property otherwise.</summary>
    public override string ToString() =>
        $"CliSettings {{ Address = {Address}, OperatorToken = {(OperatorToken is null ? "none" : "***")}, Timeout = {Timeout}, Json = {Json} }}";
}
