namespace AcquirerEngine.Domain.Validation;

/// <summary>The wire OriginalKey as it arrived; <see cref="LocalDate"/> may be empty ("newest match").</summary>
public sealed record OriginalKeyInput(
    string? MerchantId,
    string? TerminalId,
    uint BatchNo,
    uint Stan,
    string? LocalDate);
