using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using Grpc.Health.V1;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>The terminal API through the real server process on the embedded store, over real HTTP/2.</summary>
public sealed class TerminalEndToEndTests : IAsyncLifetime
{
    private const string MerchantId = "898340149000001";
    private const string OtherMerchantId = "898340149000002";
    private const string TerminalId = "T0000001";
    private const string OtherTerminalId = "T0000002";

    private readonly TemporaryDirectory _data = new();
    private EngineProcess _engine = null!;
    private EngineClients _clients = null!;
    private uint _batchNo;

    public async Task InitializeAsync()
    {
        _engine = await EngineProcess.StartAsync(_data.Path);
        _clients = new EngineClients(_engine.Address);
        _batchNo = await _clients.OnboardAndSignOnAsync(MerchantId, TerminalId);
        await _clients.OnboardAndSignOnAsync(OtherMerchantId, OtherTerminalId);
    }

    public async Task DisposeAsync()
    {
        _clients.Dispose();
        await _engine.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Health_check_reports_serving()
    {
        var health = await _clients.Health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Scenario11_DuplicateSale_SameResponseOneRecord_DifferentBodyIsAConflict()
    {
        var first = await _clients.Terminal.SaleAsync(Sale(stan: 11, amount: 12_345));
        var repeat = await _clients.Terminal.SaleAsync(Sale(stan: 11, amount: 12_345));
        var conflict = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(Sale(stan: 11, amount: 99)));
        var stored = await _clients.Terminal.GetTransactionAsync(new GetTransactionRequest { Key = Key(11) });
        var listed = await ListBatchAsync();

        Assert.Equal(SaleResult.Approved, first.Result);
        Assert.Matches("^[0-9]{12}$", first.Rrn);
        Assert.Equal(6, first.ApprovalCode.Length);
        Assert.Equal(first, repeat);
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
        Assert.Equal(TransactionState.Approved, stored.State);
        Assert.Equal(12_345, stored.AmountMinor);
        Assert.Equal(first.Rrn, stored.Rrn);
        Assert.Single(listed, t => t.Stan == 11);
    }

    [Fact]
    public async Task Void_in_the_open_batch_then_query_shows_voided()
    {
        await _clients.Terminal.SaleAsync(Sale(stan: 21, amount: 100_000));

        var wrongAmount = await Assert.ThrowsAsync<RpcException>(() =>
            _clients.Terminal.VoidAsync(new VoidRequest { Original = Key(21), Stan = 22, AmountMinor = 10_000 }));
        var voided = await _clients.Terminal.VoidAsync(new VoidRequest { Original = Key(21), Stan = 22, AmountMinor = 100_000 });
        var again = await _clients.Terminal.VoidAsync(new VoidRequest { Original = Key(21), Stan = 22, AmountMinor = 100_000 });
        var stored = await _clients.Terminal.GetTransactionAsync(new GetTransactionRequest { Key = Key(21) });

        Assert.Equal(StatusCode.InvalidArgument, wrongAmount.StatusCode);
        Assert.Contains("amount_minor", wrongAmount.Detail, StringComparison.Ordinal);
        Assert.Equal(TransactionState.Voided, voided.State);
        Assert.Equal(voided, again);
        Assert.Equal(TransactionState.Voided, stored.State);
    }

    [Fact]
    public async Task Scenario10_ReversalAfterALostResponse_ReturnsMoneyOnce_UnknownOriginalMovesNothing()
    {
        await _clients.Terminal.SaleAsync(Sale(stan: 31, amount: 5_000));

        var first = await _clients.Terminal.ReverseAsync(new ReverseRequest { Original = Key(31) });
        var duplicate = await _clients.Terminal.ReverseAsync(new ReverseRequest { Original = Key(31) });
        var orphan = await _clients.Terminal.ReverseAsync(new ReverseRequest { Original = Key(39) });
        var orphanAgain = await _clients.Terminal.ReverseAsync(new ReverseRequest { Original = Key(39) });
        var stored = await _clients.Terminal.GetTransactionAsync(new GetTransactionRequest { Key = Key(31) });

        Assert.Equal(new ReverseResponse { State = TransactionState.Reversed, Duplicate = false }, first);
        Assert.Equal(new ReverseResponse { State = TransactionState.Reversed, Duplicate = true }, duplicate);
        Assert.Equal(new ReverseResponse { State = TransactionState.NoEffect, Duplicate = false }, orphan);
        Assert.True(orphanAgain.Duplicate);
        Assert.Equal(TransactionState.Reversed, stored.State);
    }

    [Theory]
    [InlineData("amount_minor", 0L, "CNY", 41u, "tok_e2e", "2026-11-20T10:15:00")]
    [InlineData("amount_minor", -5L, "CNY", 41u, "tok_e2e", "2026-11-20T10:15:00")]
    [InlineData("currency", 100L, "XYZ", 41u, "tok_e2e", "2026-11-20T10:15:00")]
    [InlineData("currency", 100L, "USD", 41u, "tok_e2e", "2026-11-20T10:15:00")]
    [InlineData("stan", 100L, "CNY", 1_000_000u, "tok_e2e", "2026-11-20T10:15:00")]
    [InlineData("stan", 100L, "CNY", 0u, "tok_e2e", "2026-11-20T10:15:00")]
    [InlineData("card_token", 100L, "CNY", 41u, "4111111111111111", "2026-11-20T10:15:00")]
    [InlineData("local_time", 100L, "CNY", 41u, "tok_e2e", "2026-02-30T10:15:00")]
    public async Task Bad_fields_get_invalid_argument_naming_the_field(
        string field, long amount, string currency, uint stan, string cardToken, string localTime)
    {
        var request = Sale(stan, amount);
        request.Currency = currency;
        request.CardToken = cardToken;
        request.LocalTime = localTime;

        var error = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111111111", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_ids_and_card_type_are_named()
    {
        var noMerchant = Sale(42, 100);
        noMerchant.MerchantId = "";
        var noCardType = Sale(42, 100);
        noCardType.CardType = CardType.Unspecified;

        var merchantError = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(noMerchant));
        var cardTypeError = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(noCardType));
        var signOnError = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SignOnAsync(new SignOnRequest { MerchantId = MerchantId }));

        Assert.Equal((StatusCode.InvalidArgument, true), (merchantError.StatusCode, merchantError.Detail.Contains("merchant_id", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (cardTypeError.StatusCode, cardTypeError.Detail.Contains("card_type", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (signOnError.StatusCode, signOnError.Detail.Contains("terminal_id", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Unknown_terminal_and_merchant_are_not_found_and_another_merchants_terminal_is_denied()
    {
        var unknownTerminal = Sale(51, 100);
        unknownTerminal.TerminalId = "T0000404";
        var unknownMerchant = Sale(51, 100);
        unknownMerchant.MerchantId = "898340149000404";
        var otherMerchant = Sale(51, 100);
        otherMerchant.MerchantId = OtherMerchantId;

        var terminalError = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(unknownTerminal));
        var merchantError = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(unknownMerchant));
        var denied = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(otherMerchant));
        var deniedQuery = await Assert.ThrowsAsync<RpcException>(() =>
            _clients.Terminal.GetTransactionAsync(new GetTransactionRequest { Key = KeyOf(OtherMerchantId, 1) }));

        Assert.Equal(StatusCode.NotFound, terminalError.StatusCode);
        Assert.Contains("terminal_id", terminalError.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, merchantError.StatusCode);
        Assert.Contains("merchant_id", merchantError.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, deniedQuery.StatusCode);
    }

    [Fact]
    public async Task Sales_outside_the_session_or_batch_fail_their_precondition()
    {
        var wrongBatch = Sale(61, 100);
        wrongBatch.BatchNo = _batchNo + 1;
        var batchError = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(wrongBatch));
        await _clients.Terminal.SignOffAsync(new SignOffRequest { MerchantId = MerchantId, TerminalId = TerminalId });
        var signedOffError = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(Sale(62, 100)));
        await _clients.Terminal.SignOnAsync(new SignOnRequest { MerchantId = MerchantId, TerminalId = TerminalId });

        Assert.Equal(StatusCode.FailedPrecondition, batchError.StatusCode);
        Assert.Contains($"open batch {_batchNo}", batchError.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, signedOffError.StatusCode);
        Assert.Equal(SaleResult.Approved, (await _clients.Terminal.SaleAsync(Sale(63, 100))).Result);
    }

    [Fact]
    public async Task Sale_above_the_single_sale_limit_is_declined_with_a_reason_and_recorded()
    {
        var declined = await _clients.Terminal.SaleAsync(Sale(71, 100_000_001));
        var stored = await _clients.Terminal.GetTransactionAsync(new GetTransactionRequest { Key = Key(71) });

        Assert.Equal(SaleResult.Declined, declined.Result);
        Assert.False(string.IsNullOrEmpty(declined.DeclineReason));
        Assert.Equal(TransactionState.Declined, stored.State);
    }

    [Fact]
    public async Task Operator_calls_without_the_right_token_are_unauthenticated_and_the_token_is_not_logged()
    {
        const string wrongToken = "not-the-operator-token-4242";
        var error = await Assert.ThrowsAsync<RpcException>(() => _clients.OperatorWithToken(wrongToken)
            .OnboardMerchantAsync(new OnboardMerchantRequest { MerchantId = "898340149000009", Name = "Intruder" }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        await WaitForOutputAsync("Refused operator call");
        Assert.DoesNotContain(wrongToken, _engine.Output, StringComparison.Ordinal);
        var terminalError = await Assert.ThrowsAsync<RpcException>(() =>
            _clients.Operator.RegisterTerminalAsync(new RegisterTerminalRequest { MerchantId = MerchantId, TerminalId = OtherTerminalId }));
        Assert.Equal(StatusCode.AlreadyExists, terminalError.StatusCode);
    }

    [Fact]
    public async Task Scenario14_MismatchedSettleNeedsUpload_ThenScenario12_Refund900OfA1000Mistake_VoidRefusedAfterClose()
    {
        var mistake = await _clients.Terminal.SaleAsync(Sale(stan: 81, amount: 100_000));
        Assert.Equal(SaleResult.Approved, mistake.Result);
        var standing = await ListBatchAsync();
        var saleAmount = standing.Where(t => t.State == TransactionState.Approved).Sum(t => t.AmountMinor);
        var saleCount = (uint)standing.Count(t => t.State == TransactionState.Approved);

        var mismatched = await _clients.Terminal.SettleBatchAsync(new SettleBatchRequest
        {
            MerchantId = MerchantId,
            TerminalId = TerminalId,
            BatchNo = _batchNo,
            Totals = new BatchTotals { SaleCount = saleCount, SaleAmountMinor = saleAmount - 1 },
        });
        var uploaded = await _clients.Terminal.UploadBatchAsync(new UploadBatchRequest { MerchantId = MerchantId, TerminalId = TerminalId, BatchNo = _batchNo });
        var voidAfterClose = await Assert.ThrowsAsync<RpcException>(() =>
            _clients.Terminal.VoidAsync(new VoidRequest { Original = Key(81), Stan = 82, AmountMinor = 100_000 }));
        var refundTooMuch = await _clients.Terminal.RefundAsync(Refund(stan: 1, amount: 100_001, nextBatch: uploaded.NextBatchNo));
        var refund = await _clients.Terminal.RefundAsync(Refund(stan: 2, amount: 90_000, nextBatch: uploaded.NextBatchNo));
        var original = await _clients.Terminal.GetTransactionAsync(new GetTransactionRequest { Key = Key(81) });

        Assert.False(mismatched.Balanced);
        Assert.True(mismatched.UploadRequired);
        Assert.Equal(saleAmount, mismatched.HostTotals.SaleAmountMinor);
        Assert.True(uploaded.Closed);
        Assert.Equal(_batchNo + 1, uploaded.NextBatchNo);
        Assert.Equal(StatusCode.FailedPrecondition, voidAfterClose.StatusCode);
        Assert.Equal(SaleResult.Declined, refundTooMuch.Result);
        Assert.Contains("amount_minor", refundTooMuch.DeclineReason, StringComparison.Ordinal);
        Assert.Equal(SaleResult.Approved, refund.Result);
        Assert.Equal(10_000, refund.RefundableRemainingMinor);
        Assert.Equal(90_000, original.RefundedMinor);
    }

    [Fact]
    public async Task Balanced_settle_closes_the_batch_and_advances_the_number()
    {
        await _clients.Terminal.SaleAsync(Sale(stan: 91, amount: 700));
        var standing = (await ListBatchAsync()).Where(t => t.State == TransactionState.Approved).ToList();

        var settled = await _clients.Terminal.SettleBatchAsync(new SettleBatchRequest
        {
            MerchantId = MerchantId,
            TerminalId = TerminalId,
            BatchNo = _batchNo,
            Totals = new BatchTotals { SaleCount = (uint)standing.Count, SaleAmountMinor = standing.Sum(t => t.AmountMinor) },
        });
        var oldBatchSale = await Assert.ThrowsAsync<RpcException>(() => _clients.Terminal.SaleAsync(Sale(stan: 92, amount: 700)));
        var signOff = await _clients.Terminal.SignOffAsync(new SignOffRequest { MerchantId = MerchantId, TerminalId = TerminalId });

        Assert.True(settled.Balanced);
        Assert.Equal(_batchNo + 1, settled.NextBatchNo);
        Assert.Equal(StatusCode.FailedPrecondition, oldBatchSale.StatusCode);
        Assert.Equal(_batchNo + 1, signOff.BatchNo);
    }

    private RefundRequest Refund(uint stan, long amount, uint nextBatch) => new()
    {
        Original = Key(81),
        BatchNo = nextBatch,
        Stan = stan,
        AmountMinor = amount,
        LocalTime = "2026-11-21T09:30:00",
    };

    private SaleRequest Sale(uint stan, long amount) => new()
    {
        MerchantId = MerchantId,
        TerminalId = TerminalId,
        BatchNo = _batchNo,
        Stan = stan,
        AmountMinor = amount,
        Currency = "CNY",
        CardType = CardType.Credit,
        CardToken = "tok_e2e_0001",
        LocalTime = "2026-11-20T10:15:00",
    };

    private OriginalKey Key(uint stan) => KeyOf(MerchantId, stan);

    private OriginalKey KeyOf(string merchantId, uint stan) => new()
    {
        MerchantId = merchantId,
        TerminalId = TerminalId,
        BatchNo = _batchNo,
        Stan = stan,
        LocalDate = "2026-11-20",
    };

    private async Task<List<Transaction>> ListBatchAsync()
    {
        var listed = new List<Transaction>();
        await foreach (var transaction in _clients.Terminal.ListBatchTransactionsAsync(
            new ListBatchTransactionsRequest { MerchantId = MerchantId, TerminalId = TerminalId, BatchNo = _batchNo }))
        {
            listed.Add(transaction);
        }

        return listed;
    }

    private async Task WaitForOutputAsync(string text)
    {
        for (var attempt = 0; attempt < 100 && !_engine.Output.Contains(text, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(text, _engine.Output, StringComparison.Ordinal);
    }
}
