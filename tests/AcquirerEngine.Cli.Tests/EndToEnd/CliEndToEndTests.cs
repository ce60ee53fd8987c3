using System.Text.Json;

namespace AcquirerEngine.Cli.Tests.EndToEnd;

/// <summary>The CLI entry point in-process against the real server process, over real HTTP/2, as an operator would use it.</summary>
public sealed class CliEndToEndTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private const string MerchantId = "898340149000001";
    private const string TerminalId = "T0000001";

    private readonly CliRunner _cli = fixture.Cli();

    [Fact]
    public async Task Operator_and_terminal_flow_from_health_to_batch_list()
    {
        var health = await Ok("health");
        Assert.Equal("SERVING", health.Output.TrimEnd());

        var onboard = await Ok("merchant", "onboard", "--merchant-id", MerchantId, "--name", "CLI shop", "--bank-code", "ICBC", "--account-number", "6222020000000001");
        Assert.Equal($"ONBOARDED merchant={MerchantId}", onboard.Output.TrimEnd());
        var register = await Ok("terminal", "register", "--merchant-id", MerchantId, "--terminal-id", TerminalId);
        Assert.StartsWith("REGISTERED", register.Output, StringComparison.Ordinal);
        var signOn = await Ok("terminal", "sign-on", "--merchant-id", MerchantId, "--terminal-id", TerminalId, "--json");
        var batchNo = JsonDocument.Parse(signOn.Output).RootElement.GetProperty("batchNo").GetUInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] batch = ["--merchant-id", MerchantId, "--terminal-id", TerminalId, "--batch-no", batchNo];
        string[] sale = ["sale", .. batch, "--stan", "11", "--amount", "123.45", "--card-type", "debit", "--card-token", "tok_cli_e2e", "--local-time", "2026-09-30T10:15:00"];

        var first = await Ok(sale);
        var repeat = await Ok(sale);
        Assert.Matches("^APPROVED rrn=[0-9]{12} approval=[0-9A-Z]{6}$", first.Output.TrimEnd());
        Assert.Equal(first.Output, repeat.Output);

        var get = await Ok(["transaction", "get", .. batch, "--stan", "11", "--json"]);
        var transaction = JsonDocument.Parse(get.Output).RootElement;
        Assert.Equal("TRANSACTION_STATE_APPROVED", transaction.GetProperty("state").GetString());
        Assert.Equal("12345", transaction.GetProperty("amountMinor").GetString());
        Assert.Contains("rrn=" + transaction.GetProperty("rrn").GetString(), first.Output, StringComparison.Ordinal);

        var voided = await Ok(["void", .. batch, "--original-stan", "11", "--stan", "12", "--amount", "123.45"]);
        Assert.Matches("^VOIDED rrn=[0-9]{12}$", voided.Output.TrimEnd());

        var list = await Ok(["batch", "list", .. batch]);
        var lines = list.Output.TrimEnd().Split(Environment.NewLine);
        Assert.StartsWith("VOIDED SALE ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" stan=11 ", lines[0], StringComparison.Ordinal);
        Assert.Contains(" amount=123.45 CNY ", lines[0], StringComparison.Ordinal);
        Assert.Equal("1 transaction", lines[^1]);

        var signOff = await Ok("terminal", "sign-off", "--merchant-id", MerchantId, "--terminal-id", TerminalId);
        Assert.StartsWith("SIGNED_OFF batch=", signOff.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zero_amount_is_the_servers_invalid_argument_exit_2()
    {
        const string merchant = "898340149000002";
        const string terminal = "T0000002";
        await Ok("merchant", "onboard", "--merchant-id", merchant, "--name", "Zero shop", "--bank-code", "ICBC", "--account-number", "6222020000000001");
        await Ok("terminal", "register", "--merchant-id", merchant, "--terminal-id", terminal);
        var signOn = await Ok("terminal", "sign-on", "--merchant-id", merchant, "--terminal-id", terminal);
        var batchNo = signOn.Output.TrimEnd()["SIGNED_ON batch=".Length..];

        var result = await _cli.RunAsync(
            "sale", "--merchant-id", merchant, "--terminal-id", terminal, "--batch-no", batchNo, "--stan", "1",
            "--amount", "0", "--card-type", "credit", "--card-token", "tok_cli_e2e");

        Assert.Equal(2, result.ExitCode);
        Assert.Matches("^error: INVALID_ARGUMENT: .*amount", result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task A_wrong_operator_token_is_unauthenticated_exit_3()
    {
        var result = await fixture.Cli(token: "not-the-operator-token-000").RunAsync(
            "merchant", "onboard", "--merchant-id", "898340149000003", "--name", "Nope", "--bank-code", "ICBC", "--account-number", "6222020000000001");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: UNAUTHENTICATED: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-operator-token-000", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_transaction_is_not_found_exit_3()
    {
        var result = await _cli.RunAsync(
            "transaction", "get", "--merchant-id", "898340149000009", "--terminal-id", "T0000009", "--batch-no", "1", "--stan", "5");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("error: NOT_FOUND: ", result.Error, StringComparison.Ordinal);
    }

    private async Task<CliResult> Ok(params string[] args)
    {
        var result = await _cli.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"acquirer {string.Join(' ', args)} failed:\n{result}\nserver:\n{fixture.Engine.Output}");
        return result;
    }
}
