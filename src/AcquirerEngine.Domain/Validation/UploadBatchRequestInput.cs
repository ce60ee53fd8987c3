namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// The wire UploadBatchRequest as it arrived. Each record is a full SaleRequest; its merchant_id,
/// terminal_id and batch_no may be left empty (proto3 default) and then mean the upload's own.
/// </summary>
public sealed record UploadBatchRequestInput(
    string? MerchantId,
    string? TerminalId,
    uint BatchNo,
    IReadOnlyList<SaleRequestInput?>? Records);
