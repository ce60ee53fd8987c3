namespace AcquirerEngine.Domain.Terminals;

/// <summary>0320: after a 0500 mismatch, the terminal's own sale records of the batch; the host reconciles and closes.</summary>
/// <param name="HostLocalTime">The host clock in the acquirer's time zone (the close time), read by the caller.</param>
public sealed record UploadBatchCommand(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    IReadOnlyList<UploadedSaleRecord> Records,
    DateTime HostLocalTime)
    : TerminalCommand(MerchantId, TerminalId);
