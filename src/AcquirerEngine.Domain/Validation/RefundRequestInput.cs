namespace AcquirerEngine.Domain.Validation;

/// <summary>The wire RefundRequest as it arrived; a missing original message is null.</summary>
public sealed record RefundRequestInput(OriginalKeyInput? Original, uint BatchNo, uint Stan, long AmountMinor, string? LocalTime);
