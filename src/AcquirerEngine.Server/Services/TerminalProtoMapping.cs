using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Domain.Validation;
using DomainCardType = AcquirerEngine.Domain.Terminals.CardType;
using WireCardType = AcquirerEngine.Contracts.V1.CardType;
using WireSaleResult = AcquirerEngine.Contracts.V1.SaleResult;

namespace AcquirerEngine.Server.Services;

/// <summary>Wire messages to domain inputs and domain results to wire messages; no rules of its own.</summary>
public static class TerminalProtoMapping
{
    public static SaleRequestInput ToInput(SaleRequest request) => new(
        request.MerchantId,
        request.TerminalId,
        request.BatchNo,
        request.Stan,
        request.AmountMinor,
        request.Currency,
        ToDomain(request.CardType),
        request.CardToken,
        request.LocalTime);

    public static RefundRequestInput ToInput(RefundRequest request) =>
        new(ToInput(request.Original), request.BatchNo, request.Stan, request.AmountMinor, request.LocalTime);

    public static SettleBatchRequestInput ToInput(SettleBatchRequest request) => new(
        request.MerchantId,
        request.TerminalId,
        request.BatchNo,
        request.Totals is null
            ? null
            : new BatchTotalsInput(request.Totals.SaleCount, request.Totals.SaleAmountMinor, request.Totals.RefundCount, request.Totals.RefundAmountMinor));

    public static UploadBatchRequestInput ToInput(UploadBatchRequest request) =>
        new(request.MerchantId, request.TerminalId, request.BatchNo, [.. request.Records.Select(ToInput)]);

    public static Contracts.V1.BatchTotals ToMessage(BatchSettlementTotals? totals) => totals is null
        ? new Contracts.V1.BatchTotals()
        : new Contracts.V1.BatchTotals
        {
            SaleCount = (uint)totals.SaleCount,
            SaleAmountMinor = totals.SaleAmountMinor,
            RefundCount = (uint)totals.RefundCount,
            RefundAmountMinor = totals.RefundAmountMinor,
        };

    public static OriginalKeyInput? ToInput(OriginalKey? key) =>
        key is null ? null : new(key.MerchantId, key.TerminalId, key.BatchNo, key.Stan, key.LocalDate);

    public static SaleResponse ToResponse(SaleReply reply) => new()
    {
        Result = reply.Disposition == SaleDisposition.Approved ? WireSaleResult.Approved : WireSaleResult.Declined,
        Rrn = reply.Rrn,
        ApprovalCode = reply.ApprovalCode ?? "",
        DeclineReason = reply.DeclineReasonText ?? "",
    };

    public static Transaction ToMessage(TransactionView view) => new()
    {
        MerchantId = view.MerchantId,
        TerminalId = view.TerminalId,
        BatchNo = view.BatchNo,
        Stan = view.Stan,
        LocalDate = view.LocalDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        LocalTime = view.LocalTime?.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        Type = view.Kind switch
        {
            TransactionKind.Sale => TransactionType.Sale,
            TransactionKind.Refund => TransactionType.Refund,
            TransactionKind.OrphanReversal => TransactionType.OrphanReversal,
            _ => TransactionType.Unspecified,
        },
        State = ToWire(view.Status),
        AmountMinor = view.AmountMinor,
        Currency = view.Currency ?? "",
        CardType = view.CardType switch
        {
            DomainCardType.Debit => WireCardType.Debit,
            DomainCardType.Credit => WireCardType.Credit,
            _ => WireCardType.Unspecified,
        },
        Rrn = view.Rrn ?? "",
        ApprovalCode = view.ApprovalCode ?? "",
        DeclineReason = view.DeclineReasonText ?? "",
        RefundedMinor = view.RefundedMinor,
    };

    public static TransactionState ToWire(TransactionStatus status) => status switch
    {
        TransactionStatus.Approved => TransactionState.Approved,
        TransactionStatus.Declined => TransactionState.Declined,
        TransactionStatus.Voided => TransactionState.Voided,
        TransactionStatus.Reversed => TransactionState.Reversed,
        TransactionStatus.NoEffect => TransactionState.NoEffect,
        _ => TransactionState.Unspecified,
    };

    private static DomainCardType ToDomain(WireCardType cardType) => cardType switch
    {
        WireCardType.Debit => DomainCardType.Debit,
        WireCardType.Credit => DomainCardType.Credit,
        _ => (DomainCardType)(int)cardType,
    };
}
