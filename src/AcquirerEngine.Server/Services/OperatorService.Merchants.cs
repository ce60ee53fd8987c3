using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Channels;
using TerminalOnlyExplanation = AcquirerEngine.Domain.Explanations.TerminalOnlyExplanation;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grpc;
using static AcquirerEngine.Server.Services.StatusMapping;

namespace AcquirerEngine.Server.Services;

/// <summary>Merchants' money: onboarding, freezes, risk holds, balances, payouts and "where is my money".</summary>
public sealed partial class OperatorService
{
    public async Task<OnboardMerchantResponse> OnboardMerchantAsync(OnboardMerchantRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var profile = Valid(MerchantRequestValidator.ValidateOnboarding(SettlementProtoMapping.ToInput(request)));
        var outcome = await CallGrainAsync(() => Merchant(profile.MerchantId).OnboardAsync(profile));
        return new OnboardMerchantResponse { Created = outcome == OnboardOutcome.Created };
    }

    public async Task<FreezeMerchantResponse> FreezeMerchantAsync(FreezeMerchantRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantId = ValidMerchantId(request.MerchantId);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "settlement account frozen by the acquirer" : request.Reason.Trim();
        RequireConfigured(await CallGrainAsync(() => Merchant(merchantId).FreezeAsync(reason)), merchantId);
        return new FreezeMerchantResponse();
    }

    public async Task<UnfreezeMerchantResponse> UnfreezeMerchantAsync(UnfreezeMerchantRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantId = ValidMerchantId(request.MerchantId);
        RequireConfigured(await CallGrainAsync(() => Merchant(merchantId).UnfreezeAsync()), merchantId);
        return new UnfreezeMerchantResponse();
    }

    public async Task<ListHoldsResponse> ListHoldsAsync(ListHoldsRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantIds = string.IsNullOrEmpty(request.MerchantId)
            ? await CallGrainAsync(() => grains.GetGrain<IMerchantDirectoryGrain>(MerchantDirectoryGrain.AllKey).ListAsync())
            : [ValidMerchantId(request.MerchantId)];
        var response = new ListHoldsResponse();
        foreach (var merchantId in merchantIds)
        {
            var holds = await CallGrainAsync(() => Merchant(merchantId).ListHoldsAsync());
            response.Holds.AddRange(holds.Select(hold => new Hold
            {
                MerchantId = merchantId,
                TransactionId = hold.TransactionId,
                AmountMinor = hold.HeldMinor,
                Reason = hold.Text ?? hold.Reason.ToString(),
                PlacedAt = LocalTimeText.Format(hold.LocalTime),
            }));
        }

        return response;
    }

    public async Task<ReleaseHoldResponse> ReleaseHoldAsync(ReleaseHoldRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantId = ValidMerchantId(request.MerchantId);
        var transactionId = ValidTransactionId(request.TransactionId);
        RequireHold(await CallGrainAsync(() => Merchant(merchantId).ReleaseHoldAsync(transactionId)), HoldResult.Released, transactionId);
        return new ReleaseHoldResponse();
    }

    public async Task<RejectHoldResponse> RejectHoldAsync(RejectHoldRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantId = ValidMerchantId(request.MerchantId);
        var transactionId = ValidTransactionId(request.TransactionId);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "rejected after review" : request.Reason.Trim();
        RequireHold(await CallGrainAsync(() => Merchant(merchantId).RejectHoldAsync(transactionId, reason)), HoldResult.Rejected, transactionId);
        return new RejectHoldResponse();
    }

    public async Task<Contracts.V1.MerchantBalance> GetMerchantBalanceAsync(GetMerchantBalanceRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantId = ValidMerchantId(request.MerchantId);
        var balance = await CallGrainAsync(() => Merchant(merchantId).GetBalanceAsync()) ?? throw MerchantNotFound(merchantId);
        return SettlementProtoMapping.ToMessage(balance);
    }

    public async Task<ListPayoutsResponse> ListPayoutsAsync(ListPayoutsRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantId = ValidMerchantId(request.MerchantId);
        var payouts = await CallGrainAsync(() => Merchant(merchantId).ListPayoutsAsync());
        var response = new ListPayoutsResponse();
        response.Payouts.AddRange(payouts.Select(SettlementProtoMapping.ToMessage));
        return response;
    }

    public async Task<Explanation> ExplainTransactionAsync(ExplainTransactionRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var key = Valid(validator.ValidateTransactionKey(new OriginalKeyInput(
            request.MerchantId, request.TerminalId, request.BatchNo, request.Stan, request.LocalDate)));
        var terminalView = await TerminalViewAsync(key);
        var localDate = key.LocalDate ?? terminalView?.LocalDate
            ?? throw new RpcException(StatusCode.NotFound, $"no transaction with stan {key.Stan} in batch_no {key.BatchNo} on terminal_id {key.TerminalId}");
        var transactionId = RecordIds.Sale(key.MerchantId, key.TerminalId, key.BatchNo, key.Stan, localDate);

        // The ledger knows most. A sale reaches it just after its reply: one the ledger does not know yet is handed on
        // now (the terminal forwards its outbox, waiting for the merchant) and the ledger asked again; one still in the
        // outbox after that (merchant unavailable) is explained from the terminal, so a merchant is never told
        // "not found" about a sale its terminal approved.
        var merchant = Merchant(key.MerchantId);
        var explanation = await CallGrainAsync(() => merchant.ExplainTransactionAsync(transactionId));
        if (explanation is null && terminalView is not null)
        {
            var terminal = grains.GetGrain<AcquirerEngine.Grains.Terminals.ITerminalGrain>(key.TerminalId);
            await CallGrainAsync(() => terminal.ForwardPendingAsync());
            explanation = await CallGrainAsync(() => merchant.ExplainTransactionAsync(transactionId));
        }

        explanation = explanation
            ?? (terminalView is null ? null : TerminalOnlyExplanation.For(terminalView))
            ?? throw new RpcException(StatusCode.NotFound, $"no money moved for stan {key.Stan} in batch_no {key.BatchNo} on terminal_id {key.TerminalId}");
        return SettlementProtoMapping.ToMessage(explanation);
    }

    public async Task<Explanation> ExplainPayoutAsync(ExplainPayoutRequest request, ServerCallContext context)
    {
        Authenticate(context);
        var merchantId = ValidMerchantId(request.MerchantId);
        if (string.IsNullOrWhiteSpace(request.PayoutId))
        {
            throw new RpcException(StatusCode.InvalidArgument, "payout_id is required");
        }

        var explanation = await CallGrainAsync(() => Merchant(merchantId).ExplainPayoutAsync(request.PayoutId))
            ?? throw new RpcException(StatusCode.NotFound, $"payout_id {request.PayoutId} is not a payout of merchant_id {merchantId}");
        return SettlementProtoMapping.ToMessage(explanation);
    }

    private static string ValidMerchantId(string merchantId)
    {
        var errors = new List<ValidationError>();
        var valid = FieldRules.MerchantId(merchantId, WireFields.MerchantId, errors);
        return errors.Count == 0 ? valid : throw InvalidArgument(errors);
    }

    private static string ValidTransactionId(string transactionId) =>
        string.IsNullOrWhiteSpace(transactionId) ? throw new RpcException(StatusCode.InvalidArgument, "transaction_id is required") : transactionId;

    private static void RequireConfigured(FreezeResult result, string merchantId)
    {
        if (result == FreezeResult.AccountNotConfigured)
        {
            throw new RpcException(StatusCode.FailedPrecondition, $"merchant_id {merchantId} has no settlement account: onboard it with one first");
        }
    }

    private static void RequireHold(HoldResult result, HoldResult expected, string transactionId)
    {
        if (result == expected)
        {
            return;
        }

        throw result switch
        {
            HoldResult.TransactionNotFound => new RpcException(StatusCode.NotFound, $"transaction_id {transactionId} is not known"),
            _ => new RpcException(StatusCode.FailedPrecondition, $"transaction_id {transactionId} is not held ({result})"),
        };
    }

    private IMerchantGrain Merchant(string merchantId) => grains.GetGrain<IMerchantGrain>(merchantId);

    /// <summary>The terminal's own record of the transaction (null when the terminal has none or is not the merchant's).</summary>
    private async Task<TransactionView?> TerminalViewAsync(OriginalSaleKey key)
    {
        var answer = await CallGrainAsync(() => grains.GetGrain<AcquirerEngine.Grains.Terminals.ITerminalGrain>(key.TerminalId).GetTransactionAsync(key));
        return answer.Value;
    }
}
