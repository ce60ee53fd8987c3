using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using Google.Protobuf;
using Grpc.Health.V1;

namespace AcquirerEngine.Cli.Tests;

/// <summary>The whole command line (parsing, wiring, actions, output) against a fake gateway.</summary>
public sealed class CommandLineTests
{
    private const string Token = "cli-test-operator-token-42";
    private static readonly string[] Terminal = ["--merchant-id", "898340149000001", "--terminal-id", "T0000001"];
    private static readonly string[] Batch = [.. Terminal, "--batch-no", "3"];
    private static readonly string[] Card = ["--card-type", "credit", "--card-token", "tok_abc"];

    private readonly FakeGateway _gateway = new();

    [Fact]
    public async Task Sale_converts_yuan_exactly_and_prints_the_approval()
    {
        var result = await Run(["sale", .. Batch, "--stan", "11", "--amount", "123.45", .. Card, "--local-time", "2026-09-30T22:30:00"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("APPROVED rrn=600510000011 approval=ABC123" + Environment.NewLine, result.Output);
        Assert.Empty(result.Error);
        var request = Assert.IsType<SaleRequest>(Assert.Single(_gateway.Requests));
        Assert.Equal(
            new SaleRequest
            {
                MerchantId = "898340149000001",
                TerminalId = "T0000001",
                BatchNo = 3,
                Stan = 11,
                AmountMinor = 12_345,
                Currency = "CNY",
                CardType = CardType.Credit,
                CardToken = "tok_abc",
                LocalTime = "2026-09-30T22:30:00",
            },
            request);
        Assert.Equal(TimeSpan.FromSeconds(10), Assert.Single(_gateway.Options).Timeout);
        Assert.True(_gateway.Disposed);
    }

    [Fact]
    public async Task Sale_local_time_defaults_to_now_in_Shanghai()
    {
        var clock = new FixedTimeProvider(new DateTimeOffset(2026, 9, 30, 14, 30, 5, TimeSpan.Zero));
        var runner = CliRunner.WithFake(_gateway, timeProvider: clock);

        var result = await runner.RunAsync(["sale", .. Batch, "--stan", "1", "--amount-minor", "500", "--card-type", "debit", "--card-token", "t"]);

        Assert.Equal(0, result.ExitCode);
        var request = Assert.IsType<SaleRequest>(Assert.Single(_gateway.Requests));
        Assert.Equal("2026-09-30T22:30:05", request.LocalTime);
        Assert.Equal(500, request.AmountMinor);
        Assert.Equal(CardType.Debit, request.CardType);
    }

    [Theory]
    [InlineData("more than 2 decimals", "--amount", "1.234")]
    [InlineData("negative", "--amount", "-5")]
    [InlineData("not a decimal", "--amount", "12,50")]
    [InlineData("an amount is required")]
    [InlineData("either --amount or --amount-minor", "--amount", "1", "--amount-minor", "100")]
    [InlineData("for HKD use --amount-minor", "--amount", "1", "--currency", "HKD")]
    [InlineData("--local-time '2026-09-30 22:30' must be", "--amount", "1", "--local-time", "2026-09-30 22:30")]
    [InlineData("--card-type", "--amount", "1", "--card-type", "amex")]
    [InlineData("--timeout must be a positive", "--amount", "1", "--timeout", "0")]
    public async Task Usage_errors_exit_1_and_send_nothing(string message, params string[] extra)
    {
        var result = await Run(["sale", .. Batch, "--stan", "11", .. Card, .. extra]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Minor_units_go_through_for_other_currencies()
    {
        var result = await Run(["sale", .. Batch, "--stan", "11", "--amount-minor", "500", "--currency", "HKD", .. Card]);

        Assert.Equal(0, result.ExitCode);
        var request = Assert.IsType<SaleRequest>(Assert.Single(_gateway.Requests));
        Assert.Equal(("HKD", 500L), (request.Currency, request.AmountMinor));
    }

    [Fact]
    public async Task Void_names_the_original_and_its_own_stan()
    {
        var result = await Run(["void", .. Batch, "--original-stan", "11", "--stan", "12", "--amount", "0.5", "--local-date", "2026-09-30"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("VOIDED rrn=632610000014", result.Output.TrimEnd());
        Assert.Equal(
            new VoidRequest
            {
                Original = new OriginalKey { MerchantId = "898340149000001", TerminalId = "T0000001", BatchNo = 3, Stan = 11, LocalDate = "2026-09-30" },
                Stan = 12,
                AmountMinor = 50,
            },
            Assert.Single(_gateway.Requests));
    }

    [Fact]
    public async Task Reverse_and_get_send_the_key_with_an_optional_date()
    {
        var reverse = await Run(["reverse", .. Batch, "--stan", "11"]);
        var get = await Run(["transaction", "get", .. Batch, "--stan", "11", "--local-date", "2026-09-30"]);
        var badDate = await Run(["reverse", .. Batch, "--stan", "11", "--local-date", "2026-02-30"]);

        Assert.Equal((0, "REVERSED duplicate=true"), (reverse.ExitCode, reverse.Output.TrimEnd()));
        Assert.Equal(0, get.ExitCode);
        Assert.Equal(1, badDate.ExitCode);
        Assert.Contains("--local-date '2026-02-30' must be yyyy-MM-dd", badDate.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, Assert.IsType<ReverseRequest>(_gateway.Requests[0]).Original.LocalDate);
        Assert.Equal("2026-09-30", Assert.IsType<GetTransactionRequest>(_gateway.Requests[1]).Key.LocalDate);
        Assert.Equal(2, _gateway.Requests.Count);
    }

    [Theory]
    [InlineData(StatusCode.InvalidArgument, "amount_minor must be greater than 0", 2)]
    [InlineData(StatusCode.NotFound, "terminal_id T0000001 is not registered", 3)]
    [InlineData(StatusCode.Unauthenticated, "a valid operator bearer token is required", 3)]
    [InlineData(StatusCode.Unavailable, "connection refused", 4)]
    [InlineData(StatusCode.Internal, "boom", 1)]
    public async Task A_gRPC_error_prints_status_and_detail_to_stderr_with_its_exit_code(StatusCode status, string detail, int exitCode)
    {
        _gateway.Failure = new RpcException(status, detail);

        var result = await Run(["terminal", "sign-on", .. Terminal]);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal($"error: {StatusNames.Of(status)}: {detail}" + Environment.NewLine, result.Error);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Json_prints_the_response_message_as_protobuf_json()
    {
        var result = await Run(["--json", "sale", .. Batch, "--stan", "11", "--amount", "1", .. Card]);

        Assert.Equal(0, result.ExitCode);
        var parsed = JsonParser.Default.Parse<SaleResponse>(result.Output);
        Assert.Equal(_gateway.Sale, parsed);
        Assert.Contains("\"SALE_RESULT_APPROVED\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_default_values_too()
    {
        var result = await Run(["terminal", "register", .. Terminal, "--json"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{ \"created\": false }", result.Output.TrimEnd());
    }

    [Fact]
    public async Task Onboard_sends_the_settlement_account_and_cycle()
    {
        await Run(["merchant", "onboard", "--merchant-id", "M1", "--name", "Shop", "--bank-code", "PSBC", "--account-number", "6217990000000009",
            "--account-type", "class-ii", "--same-bank", "--cycle", "d1"]);

        var request = Assert.IsType<OnboardMerchantRequest>(Assert.Single(_gateway.Requests));
        Assert.Equal(new SettlementAccount { BankCode = "PSBC", AccountNumber = "6217990000000009", AccountType = AccountType.ClassIi, SameBank = true }, request.Account);
        Assert.Equal(SettlementCycle.D1, request.Cycle);
    }

    [Fact]
    public async Task Onboard_defaults_to_a_corporate_interbank_account_on_t1_and_refuses_unknown_types()
    {
        await Run(["merchant", "onboard", "--merchant-id", "M1", "--name", "Shop", "--bank-code", "ICBC", "--account-number", "6222020000000001"]);
        var unknownType = await Run(["merchant", "onboard", "--merchant-id", "M1", "--name", "Shop", "--bank-code", "ICBC", "--account-number", "1", "--account-type", "savings"]);

        var request = Assert.IsType<OnboardMerchantRequest>(Assert.Single(_gateway.Requests));
        Assert.Equal((AccountType.Corporate, false, SettlementCycle.T1), (request.Account.AccountType, request.Account.SameBank, request.Cycle));
        Assert.Equal(1, unknownType.ExitCode);
    }

    [Fact]
    public async Task Human_output_of_each_command()
    {
        Assert.Equal("SERVING", (await Run(["health"])).Output.TrimEnd());
        Assert.Equal("ONBOARDED merchant=M1", (await Run(["merchant", "onboard", "--merchant-id", "M1", "--name", "Shop", "--bank-code", "ICBC", "--account-number", "6222020000000001"])).Output.TrimEnd());
        Assert.Equal(
            "UNCHANGED merchant=898340149000001 terminal=T0000001 (already registered)",
            (await Run(["terminal", "register", .. Terminal])).Output.TrimEnd());
        Assert.Equal("SIGNED_ON batch=7", (await Run(["terminal", "sign-on", .. Terminal])).Output.TrimEnd());
        Assert.Equal("SIGNED_OFF batch=8", (await Run(["terminal", "sign-off", .. Terminal])).Output.TrimEnd());
    }

    [Fact]
    public async Task Health_that_is_not_serving_exits_4()
    {
        _gateway.Health = new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.NotServing };

        var result = await Run(["health", "--service", "acquirer.v1.TerminalService"]);

        Assert.Equal((4, "NOT_SERVING"), (result.ExitCode, result.Output.TrimEnd()));
        Assert.Equal("acquirer.v1.TerminalService", Assert.IsType<HealthCheckRequest>(Assert.Single(_gateway.Requests)).Service);
    }

    [Fact]
    public async Task Batch_list_prints_one_line_per_transaction_then_a_count()
    {
        _gateway.Batch.Add(Transaction(11, TransactionState.Approved));
        _gateway.Batch.Add(Transaction(12, TransactionState.Voided));

        var human = await Run(["batch", "list", .. Batch]);
        var json = await Run(["batch", "list", .. Batch, "--json"]);

        Assert.Equal(0, human.ExitCode);
        var lines = human.Output.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Equal(
            "APPROVED SALE merchant=898340149000001 terminal=T0000001 batch=3 stan=11 local_time=2026-09-30T22:30:00 amount=123.45 CNY card=DEBIT rrn=600510000011 approval=ABC123",
            lines[0]);
        Assert.StartsWith("VOIDED SALE", lines[1], StringComparison.Ordinal);
        Assert.Equal("2 transactions", lines[2]);
        var jsonLines = json.Output.TrimEnd().Split(Environment.NewLine);
        Assert.Equal([11u, 12u], jsonLines.Select(line => JsonParser.Default.Parse<Transaction>(line).Stan));
    }

    [Fact]
    public async Task Batch_list_failing_mid_stream_keeps_what_was_printed_and_exits_non_zero()
    {
        _gateway.Batch.Add(Transaction(11, TransactionState.Approved));
        _gateway.Failure = new RpcException(StatusCode.Unavailable, "stream reset");

        var result = await Run(["batch", "list", .. Batch]);

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("APPROVED SALE", result.Output, StringComparison.Ordinal);
        Assert.Equal("error: UNAVAILABLE: stream reset", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Global_options_fall_back_to_the_environment()
    {
        var runner = CliRunner.WithFake(_gateway, new Dictionary<string, string>
        {
            ["ACQUIRER_ADDRESS"] = "http://engine.example:6000",
            ["ACQUIRER_OPERATOR_TOKEN"] = Token,
        });

        await runner.RunAsync("merchant", "onboard", "--merchant-id", "M1", "--name", "Shop", "--bank-code", "ICBC", "--account-number", "6222020000000001");
        Assert.Equal(new Uri("http://engine.example:6000"), _gateway.Settings!.Address);
        Assert.Equal(Token, _gateway.Settings.OperatorToken);

        await runner.RunAsync("merchant", "onboard", "--merchant-id", "M1", "--name", "Shop", "--bank-code", "ICBC", "--account-number", "6222020000000001", "--address", "https://other:7000", "--token", "flag-token-0123456789", "--timeout", "2.5");
        Assert.Equal(new Uri("https://other:7000"), _gateway.Settings.Address);
        Assert.Equal("flag-token-0123456789", _gateway.Settings.OperatorToken);
        Assert.Equal(TimeSpan.FromSeconds(2.5), _gateway.Options[^1].Timeout);
    }

    [Fact]
    public async Task Defaults_without_environment()
    {
        var result = await new CliRunner(gatewayFactory: s =>
        {
            _gateway.Settings = s;
            return _gateway;
        }).RunAsync("health");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new Uri("http://127.0.0.1:50051"), _gateway.Settings!.Address);
        Assert.Null(_gateway.Settings.OperatorToken);
        Assert.False(_gateway.Settings.Json);
    }

    [Fact]
    public async Task A_bad_address_is_a_usage_error()
    {
        var result = await Run(["health", "--address", "127.0.0.1:50051"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("must be an absolute http:// or https:// URL", result.Error, StringComparison.Ordinal);
        Assert.Empty(_gateway.Requests);
    }

    [Fact]
    public async Task Operator_commands_without_a_token_fail_before_sending_through_the_real_client()
    {
        // The real gateway: the token check is its job, and the address is never contacted.
        var result = await new CliRunner().RunAsync("merchant", "onboard", "--merchant-id", "M1", "--name", "Shop", "--bank-code", "ICBC", "--account-number", "6222020000000001", "--address", "http://127.0.0.1:1");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: this command needs the operator token: pass --token or set ACQUIRER_OPERATOR_TOKEN", result.Error.TrimEnd());
    }

    [Fact]
    public async Task An_unreachable_engine_is_unavailable_exit_4()
    {
        var result = await new CliRunner().RunAsync("health", "--address", "http://127.0.0.1:1", "--timeout", "5");

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("error: UNAVAILABLE: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_never_appears_in_help_or_settings()
    {
        var runner = CliRunner.WithFake(_gateway, new Dictionary<string, string> { ["ACQUIRER_OPERATOR_TOKEN"] = Token });

        var rootHelp = await runner.RunAsync("--help");
        var onboardHelp = await runner.RunAsync("merchant", "onboard", "--help", "--token", Token);
        await runner.RunAsync("health");

        Assert.Equal(0, rootHelp.ExitCode);
        Assert.DoesNotContain(Token, rootHelp.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, onboardHelp.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _gateway.Settings!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_documents_the_exit_codes_and_commands()
    {
        var help = await Run(["--help"]);

        Assert.Contains("Exit codes:", help.Output, StringComparison.Ordinal);
        Assert.Contains("2  invalid request: INVALID_ARGUMENT", help.Output, StringComparison.Ordinal);
        foreach (var command in new[] { "health", "merchant", "terminal", "sale", "void", "reverse", "transaction", "batch" })
        {
            Assert.Contains("  " + command + " ", help.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_commands_and_missing_required_options_are_usage_errors()
    {
        var unknown = await Run(["refund"]);
        var missing = await Run(["terminal", "sign-on", "--merchant-id", "M1"]);

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("--terminal-id", missing.Error, StringComparison.Ordinal);
        Assert.Empty(missing.Output);
        Assert.Empty(_gateway.Requests);
    }

    private static Transaction Transaction(uint stan, TransactionState state) => new()
    {
        MerchantId = "898340149000001",
        TerminalId = "T0000001",
        BatchNo = 3,
        Stan = stan,
        LocalDate = "2026-09-30",
        LocalTime = "2026-09-30T22:30:00",
        Type = TransactionType.Sale,
        State = state,
        AmountMinor = 12_345,
        Currency = "CNY",
        CardType = CardType.Debit,
        Rrn = "600510000011",
        ApprovalCode = "ABC123",
    };

    private Task<CliResult> Run(string[] args) =>
        CliRunner.WithFake(_gateway, new Dictionary<string, string> { ["ACQUIRER_OPERATOR_TOKEN"] = Token }).RunAsync(args);
}
