namespace AcquirerEngine.Domain.Validation;

/// <summary>The wire VoidRequest as it arrived; a missing original message is null.</summary>
public sealed record VoidRequestInput(OriginalKeyInput? Original, uint Stan, long AmountMinor);
