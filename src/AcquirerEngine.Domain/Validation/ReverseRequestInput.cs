namespace AcquirerEngine.Domain.Validation;

/// <summary>The wire ReverseRequest as it arrived; a missing original message is null.</summary>
public sealed record ReverseRequestInput(OriginalKeyInput? Original);
