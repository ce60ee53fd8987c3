namespace AcquirerEngine.Domain.Validation;

/// <summary>The wire SettleBatchRequest as it arrived; a missing totals message is null.</summary>
public sealed record SettleBatchRequestInput(string? MerchantId, string? TerminalId, uint BatchNo, BatchTotalsInput? Totals);
