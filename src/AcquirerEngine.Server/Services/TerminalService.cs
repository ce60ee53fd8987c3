using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime;
using AcquirerEngine.Server.Hosting;
using static AcquirerEngine.Server.Services.StatusMapping;
using DomainSaleResult = AcquirerEngine.Domain.Terminals.SaleResult;
using WireSaleResult = AcquirerEngine.Contracts.V1.SaleResult;

namespace AcquirerEngine.Server.Services;

/// <summary>
/// acquirer.v1.TerminalService: validates each request, maps it to a domain command, asks the
/// terminal's grain, and maps the outcome back. The grain has made the outcome durable before it returns.
/// </summary>
public sealed class TerminalService(IGrainFactory grains, TerminalRequestValidator validator, AcquirerClock clock)
{
    public async Task<SignOnResponse> SignOnAsync(SignOnRequest request, ServerCallContext context)
    {
        var command = Valid(validator.ValidateSignOn(new TerminalSessionInput(request.MerchantId, request.TerminalId), clock.LocalNow()));
        var outcome = await CallGrainAsync(() => Terminal(command.TerminalId).SignOnAsync(command));
        return outcome.Result switch
        {
            SignOnResult.SignedOn or SignOnResult.AlreadySignedOn => new SignOnResponse { BatchNo = outcome.BatchNo },
            SignOnResult.NotRegistered => throw TerminalNotFound(command.TerminalId),
            _ => throw await RefuseMerchantAsync(command.MerchantId, command.TerminalId),
        };
    }

    public async Task<SignOffResponse> SignOffAsync(SignOffRequest request, ServerCallContext context)
    {
        var command = Valid(validator.ValidateSignOff(new TerminalSessionInput(request.MerchantId, request.TerminalId)));
        var outcome = await CallGrainAsync(() => Terminal(command.TerminalId).SignOffAsync(command));
        return outcome.Result switch
        {
            SignOffResult.SignedOff or SignOffResult.AlreadySignedOff => new SignOffResponse { BatchNo = outcome.BatchNo },
            SignOffResult.NotRegistered => throw TerminalNotFound(command.TerminalId),
            _ => throw await RefuseMerchantAsync(command.MerchantId, command.TerminalId),
        };
    }

    public async Task<SaleResponse> SaleAsync(SaleRequest request, ServerCallContext context)
    {
        var command = Valid(validator.ValidateSale(TerminalProtoMapping.ToInput(request)));

        // The busiest call awaits its grain directly (no closure, delegate or CallGrainAsync frame per sale).
        SaleOutcome outcome;
        try
        {
            outcome = await Terminal(command.TerminalId).SaleAsync(command);
        }
        catch (Exception ex) when (TryMapGrainFailure(ex, out var status))
        {
            throw status;
        }

        return outcome.Result switch
        {
            DomainSaleResult.Approved or DomainSaleResult.Declined or DomainSaleResult.DuplicateSameBody =>
                TerminalProtoMapping.ToResponse(outcome.Reply!),
            DomainSaleResult.ConflictDifferentBody => throw new RpcException(
                StatusCode.AlreadyExists,
                $"a different sale with stan {command.Stan} in batch_no {command.BatchNo} on {command.LocalDate:yyyy-MM-dd} is already recorded"),
            DomainSaleResult.BatchNotOpen => throw BatchNotOpen(command.BatchNo, outcome.OpenBatchNo),
            DomainSaleResult.NotSignedOn => throw NotSignedOn(command.TerminalId),
            DomainSaleResult.NotRegistered => throw TerminalNotFound(command.TerminalId),
            _ => throw await RefuseMerchantAsync(command.MerchantId, command.TerminalId),
        };
    }

    public async Task<VoidResponse> VoidAsync(VoidRequest request, ServerCallContext context)
    {
        var input = new VoidRequestInput(TerminalProtoMapping.ToInput(request.Original), request.Stan, request.AmountMinor);
        var command = Valid(validator.ValidateVoid(input, clock.LocalNow()));
        var original = command.Original;
        var outcome = await CallGrainAsync(() => Terminal(original.TerminalId).VoidAsync(command));
        return outcome.Result switch
        {
            VoidResult.Voided or VoidResult.AlreadyVoided => new VoidResponse { State = TransactionState.Voided, Rrn = outcome.VoidRrn ?? "" },
            VoidResult.OriginalNotFound => throw OriginalNotFound(original),
            VoidResult.NotInOpenBatch => throw new RpcException(
                StatusCode.FailedPrecondition, "a void is only possible in the open batch; after batch settlement send a refund"),
            VoidResult.AmountMismatch => throw new RpcException(
                StatusCode.InvalidArgument, "amount_minor must equal the original sale's full amount"),
            VoidResult.NotVoidable => throw new RpcException(
                StatusCode.FailedPrecondition,
                $"the original sale is {TerminalProtoMapping.ToWire(outcome.OriginalStatus ?? TransactionStatus.Unspecified)} and cannot be voided"),
            VoidResult.NotSignedOn => throw NotSignedOn(original.TerminalId),
            VoidResult.NotRegistered => throw TerminalNotFound(original.TerminalId),
            _ => throw await RefuseMerchantAsync(original.MerchantId, original.TerminalId),
        };
    }

    public async Task<ReverseResponse> ReverseAsync(ReverseRequest request, ServerCallContext context)
    {
        var command = Valid(validator.ValidateReverse(new ReverseRequestInput(TerminalProtoMapping.ToInput(request.Original))));
        var original = command.Original;
        var outcome = await CallGrainAsync(() => Terminal(original.TerminalId).ReverseAsync(command));
        return outcome.Result switch
        {
            ReverseResult.Reversed or ReverseResult.AlreadyReversed =>
                new ReverseResponse { State = TransactionState.Reversed, Duplicate = outcome.IsDuplicate },
            ReverseResult.OrphanRecorded or ReverseResult.AlreadyRecorded =>
                new ReverseResponse { State = TransactionState.NoEffect, Duplicate = outcome.IsDuplicate },
            ReverseResult.NoFinancialEffect => new ReverseResponse
            {
                State = TerminalProtoMapping.ToWire(outcome.OriginalStatus ?? TransactionStatus.NoEffect),
                Duplicate = outcome.IsDuplicate,
            },
            ReverseResult.NotInOpenBatch => throw new RpcException(
                StatusCode.FailedPrecondition, "the original's batch is settled; a reversal is no longer possible, send a refund"),
            ReverseResult.NotRegistered => throw TerminalNotFound(original.TerminalId),
            _ => throw await RefuseMerchantAsync(original.MerchantId, original.TerminalId),
        };
    }

    public async Task<Transaction> GetTransactionAsync(GetTransactionRequest request, ServerCallContext context)
    {
        var key = Valid(validator.ValidateTransactionKey(TerminalProtoMapping.ToInput(request.Key)));
        var answer = await CallGrainAsync(() => Terminal(key.TerminalId).GetTransactionAsync(key));
        await RequireAccessAsync(answer.Access, key.MerchantId, key.TerminalId);
        return answer.Value is { } view ? TerminalProtoMapping.ToMessage(view) : throw OriginalNotFound(key);
    }

    public async Task ListBatchTransactionsAsync(
        ListBatchTransactionsRequest request, IServerStreamWriter<Transaction> responseStream, ServerCallContext context)
    {
        var query = Valid(validator.ValidateBatchQuery(new TerminalSessionInput(request.MerchantId, request.TerminalId), request.BatchNo));
        var answer = await CallGrainAsync(() => Terminal(query.TerminalId).ListBatchAsync(query.MerchantId, query.BatchNo));
        await RequireAccessAsync(answer.Access, query.MerchantId, query.TerminalId);
        foreach (var view in answer.Value!)
        {
            await responseStream.WriteAsync(TerminalProtoMapping.ToMessage(view), context.CancellationToken);
        }
    }

    public async Task<RefundResponse> RefundAsync(RefundRequest request, ServerCallContext context)
    {
        var command = Valid(validator.ValidateRefund(TerminalProtoMapping.ToInput(request)));
        var original = command.Original;
        var outcome = await CallGrainAsync(() => Terminal(original.TerminalId).RefundAsync(command));
        var remaining = outcome.RefundableRemainingMinor ?? 0;
        return outcome.Result switch
        {
            RefundResult.Refunded or RefundResult.DuplicateSameBody =>
                new RefundResponse { Result = WireSaleResult.Approved, Rrn = outcome.Rrn ?? "", RefundableRemainingMinor = remaining },
            RefundResult.ExceedsRefundable => new RefundResponse
            {
                Result = WireSaleResult.Declined,
                DeclineReason = $"amount_minor {command.AmountMinor} is above the refundable {remaining}",
                RefundableRemainingMinor = remaining,
            },
            RefundResult.ReversedBeforeArrival => new RefundResponse
            {
                Result = WireSaleResult.Declined,
                DeclineReason = "a reversal of this refund arrived before it",
                RefundableRemainingMinor = remaining,
            },
            RefundResult.ConflictDifferentBody => throw new RpcException(
                StatusCode.AlreadyExists,
                $"a different transaction with stan {command.Stan} in batch_no {command.BatchNo} is already recorded"),
            RefundResult.OriginalNotFound => throw OriginalNotFound(original),
            RefundResult.OriginalNotSettled => throw new RpcException(
                StatusCode.FailedPrecondition, "the original sale's batch is still open: void it instead of refunding"),
            RefundResult.OriginalNotRefundable => throw new RpcException(
                StatusCode.FailedPrecondition, "the original sale was voided, reversed or declined: nothing to refund"),
            RefundResult.NotSignedOn => throw NotSignedOn(original.TerminalId),
            RefundResult.BatchNotOpen => throw BatchNotOpen(command.BatchNo, outcome.OpenBatchNo),
            RefundResult.NotRegistered => throw TerminalNotFound(original.TerminalId),
            _ => throw await RefuseMerchantAsync(original.MerchantId, original.TerminalId),
        };
    }

    public async Task<SettleBatchResponse> SettleBatchAsync(SettleBatchRequest request, ServerCallContext context)
    {
        var command = Valid(validator.ValidateSettleBatch(TerminalProtoMapping.ToInput(request), clock.LocalNow()));
        var outcome = await CallGrainAsync(() => Terminal(command.TerminalId).SettleBatchAsync(command));
        return outcome.Result switch
        {
            SettleBatchResult.Balanced or SettleBatchResult.AlreadyClosed or SettleBatchResult.UploadRequired => new SettleBatchResponse
            {
                Balanced = outcome.Balanced,
                UploadRequired = outcome.UploadRequired,
                HostTotals = TerminalProtoMapping.ToMessage(outcome.HostTotals),
                NextBatchNo = outcome.NextBatchNo,
            },
            SettleBatchResult.BatchNotOpen => throw BatchNotOpen(command.BatchNo, outcome.NextBatchNo),
            SettleBatchResult.NotSignedOn => throw NotSignedOn(command.TerminalId),
            SettleBatchResult.NotRegistered => throw TerminalNotFound(command.TerminalId),
            _ => throw await RefuseMerchantAsync(command.MerchantId, command.TerminalId),
        };
    }

    public async Task<UploadBatchResponse> UploadBatchAsync(UploadBatchRequest request, ServerCallContext context)
    {
        var command = Valid(validator.ValidateUploadBatch(TerminalProtoMapping.ToInput(request), clock.LocalNow()));
        var outcome = await CallGrainAsync(() => Terminal(command.TerminalId).UploadBatchAsync(command));
        return outcome.Result switch
        {
            UploadBatchResult.Closed or UploadBatchResult.AlreadyClosed => new UploadBatchResponse
            {
                Closed = true,
                NextBatchNo = outcome.NextBatchNo,
                HostTotals = TerminalProtoMapping.ToMessage(outcome.HostTotals),
            },
            UploadBatchResult.UploadNotRequired => throw new RpcException(
                StatusCode.FailedPrecondition, "no upload is required for this batch: send SettleBatch first"),
            UploadBatchResult.BatchNotOpen => throw BatchNotOpen(command.BatchNo, outcome.NextBatchNo),
            UploadBatchResult.NotSignedOn => throw NotSignedOn(command.TerminalId),
            UploadBatchResult.NotRegistered => throw TerminalNotFound(command.TerminalId),
            _ => throw await RefuseMerchantAsync(command.MerchantId, command.TerminalId),
        };
    }

    private static RpcException BatchNotOpen(uint batchNo, uint openBatchNo) =>
        new(StatusCode.FailedPrecondition, $"batch_no {batchNo} is not the open batch {openBatchNo}; sign on to get the current batch");

    private static RpcException NotSignedOn(string terminalId) =>
        new(StatusCode.FailedPrecondition, $"terminal_id {terminalId} is not signed on; send SignOn first");

    private static RpcException OriginalNotFound(OriginalSaleKey key) =>
        new(StatusCode.NotFound, $"no transaction with stan {key.Stan} in batch_no {key.BatchNo} on terminal_id {key.TerminalId}");

    private ITerminalGrain Terminal(string terminalId) => grains.GetGrain<ITerminalGrain>(terminalId);

    private async Task RequireAccessAsync(TerminalAccess access, string merchantId, string terminalId)
    {
        switch (access)
        {
            case TerminalAccess.NotRegistered:
                throw TerminalNotFound(terminalId);
            case TerminalAccess.MerchantMismatch:
                throw await RefuseMerchantAsync(merchantId, terminalId);
        }
    }

    /// <summary>
    /// The terminal exists but is not this merchant's: an unknown merchant is NOT_FOUND, a known one
    /// asking for another merchant's terminal is PERMISSION_DENIED.
    /// </summary>
    private async Task<RpcException> RefuseMerchantAsync(string merchantId, string terminalId)
    {
        var merchant = await CallGrainAsync(() => grains.GetGrain<IMerchantGrain>(merchantId).GetAsync());
        return merchant is null ? MerchantNotFound(merchantId) : TerminalOfAnotherMerchant(terminalId, merchantId);
    }
}
