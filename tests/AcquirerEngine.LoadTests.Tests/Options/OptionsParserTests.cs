using AcquirerEngine.LoadTests.Load;
using AcquirerEngine.LoadTests.Options;
using AcquirerEngine.LoadTests.Scenarios;

namespace AcquirerEngine.LoadTests.Tests.Options;

public sealed class OptionsParserTests
{
    [Fact]
    public void ATypicalRun_IsParsedIntoScenarioTargetSettingsAndThresholds()
    {
        var options = OptionsParser.Parse(
        [
            "--scenario", "spring-festival-eve", "--target", "10.0.0.1:50051,10.0.0.2:50051", "--rate", "200", "--duration", "2m",
            "--warmup=0", "--seed", "17", "--threshold", "sale.p99<10ms", "--threshold", "fail%<0.1", "--merchants", "300",
        ]);

        Assert.Equal("spring-festival-eve", options.Scenario);
        Assert.Equal(["http://10.0.0.1:50051/", "http://10.0.0.2:50051/"], options.Targets.Select(t => t.ToString()));
        Assert.Equal((200.0, TimeSpan.FromMinutes(2), TimeSpan.Zero, 300), (options.Settings.Rate, options.Settings.Duration, options.Settings.Warmup, options.Settings.Merchants));
        Assert.Equal(17, options.Seed);
        Assert.Equal(2, options.Thresholds.Count);
    }

    [Fact]
    public void TheEmbeddedEngine_TakesSettingsForTheServer()
    {
        var options = OptionsParser.Parse(["--scenario", "normal-day", "--engine", "embedded", "--engine-setting", "Storage:MaxWriteBatch=1"]);

        Assert.Empty(options.Targets);
        Assert.Equal("1", options.EngineSettings["Storage:MaxWriteBatch"]);
    }

    [Theory]
    [InlineData("--rate", "fast", "--rate: 'fast' is not a positive number")]
    [InlineData("--duration", "0s", "--duration: '0s' is not a positive duration")]
    [InlineData("--merchants", "-3", "--merchants: '-3' is not a whole number")]
    [InlineData("--target", "nohost", "--target: 'nohost' is not HOST:PORT")]
    [InlineData("--void-share", "0.9", "--void-share: '0.9' is not a share from 0 to 0.5")]
    [InlineData("--scenario", "black-friday", "--scenario: unknown scenario 'black-friday'")]
    [InlineData("--engine", "docker", "--engine: 'docker' is not supported")]
    [InlineData("--threshold", "sale.p99<", "--threshold \"sale.p99<\"")]
    [InlineData("--client-transport", "grpc-dotnet", "--client-transport: 'grpc-dotnet' is not a transport")]
    public void BadValues_AreRefusedWithAMessageNamingTheOption(string option, string value, string expected)
    {
        var args = option == "--scenario"
            ? new[] { option, value, "--engine", "embedded" }
            : ["--scenario", "normal-day", "--engine", "embedded", option, value];

        var error = Assert.Throws<FormatException>(() => OptionsParser.Parse(args));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheClientTransport_IsTheDirectOneUnlessHttpClientIsAskedFor_AndHttpsTargetsNeedHttpClient()
    {
        var byDefault = OptionsParser.Parse(["--scenario", "normal-day", "--engine", "embedded"]);
        var httpClient = OptionsParser.Parse(["--scenario", "normal-day", "--engine", "embedded", "--client-transport", "httpclient"]);
        var httpsWithHttpClient = OptionsParser.Parse(["--scenario", "normal-day", "--target", "https://h:443", "--client-transport", "httpclient"]);
        var httpsDirect = Assert.Throws<FormatException>(() => OptionsParser.Parse(["--scenario", "normal-day", "--target", "https://h:443"]));

        Assert.Equal(AcquirerEngine.Grpc.GrpcClientTransport.DirectHttp2, byDefault.ClientTransport);
        Assert.Equal(AcquirerEngine.Grpc.GrpcClientTransport.HttpClient, httpClient.ClientTransport);
        Assert.Equal(AcquirerEngine.Grpc.GrpcClientTransport.HttpClient, httpsWithHttpClient.ClientTransport);
        Assert.Contains("needs --client-transport httpclient", httpsDirect.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExactlyOneOfEngineAndTarget_IsRequired()
    {
        var neither = Assert.Throws<FormatException>(() => OptionsParser.Parse(["--scenario", "normal-day"]));
        var both = Assert.Throws<FormatException>(() => OptionsParser.Parse(["--scenario", "normal-day", "--engine", "embedded", "--target", "h:1"]));

        Assert.Contains("exactly one of --engine embedded and --target", neither.Message, StringComparison.Ordinal);
        Assert.Equal(neither.Message, both.Message);
    }

    [Fact]
    public void MoreTerminalsThanTerminalIdsCanNumber_AreRefused()
    {
        var error = Assert.Throws<FormatException>(() => OptionsParser.Parse(
            ["--scenario", "normal-day", "--engine", "embedded", "--merchants", "25000", "--terminals-per-merchant", "2"]));

        Assert.StartsWith("--merchants times --terminals-per-merchant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionWithoutItsValue_SaysSo()
    {
        var error = Assert.Throws<FormatException>(() => OptionsParser.Parse(["--scenario", "normal-day", "--engine"]));

        Assert.Equal("--engine needs a value", error.Message);
    }

    [Fact]
    public void TheConcurrencyOption_TurnsEveryStageIntoTheClosedModel()
    {
        var options = OptionsParser.Parse(["--scenario", "spring-festival-eve", "--engine", "embedded", "--concurrency", "8", "--warmup", "2s"]);

        var stages = ScenarioCatalog.Find("spring-festival-eve")!.Stages(options.Settings);

        Assert.Equal([new Closed(8, TimeSpan.FromSeconds(2), Warmup: true), new Closed(8, TimeSpan.FromSeconds(30))], stages);
    }
}
