using AcquirerEngine.Testing;

namespace AcquirerEngine.Cli.Tests.EndToEnd;

/// <summary>One server process with a fresh data directory, shared by the end-to-end tests of a class.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _data = new();

    public EngineProcess Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = await EngineProcess.StartAsync(_data.Path);
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        _data.Dispose();
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
