namespace AcquirerEngine.Cli.Tests.EndToEnd;

/// <summary>One server process with a fresh data directory, shared by the end-to-end tests of a class.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private string _dataDirectory = null!;

    public EngineProcess Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("ae-cli-e2e-").FullName;
        Engine = await EngineProcess.StartAsync(_dataDirectory);
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed by the killed process: the folder is in the temp area and harmless to leave.
        }
    }

    /// <summary>A CLI runner whose environment points at this engine with the right operator token.</summary>
    public CliRunner Cli(string? token = EngineProcess.OperatorToken)
    {
        var environment = new Dictionary<string, string> { ["ACQUIRER_ADDRESS"] = Engine.Address.ToString() };
        if (token is not null)
        {
            environment["ACQUIRER_OPERATOR_TOKEN"] = token;
        }

        return new CliRunner(environment);
    }
}
