namespace AcquirerEngine.Domain.Validation;

/// <summary>SignOn / SignOff request as it arrived.</summary>
public sealed record TerminalSessionInput(string? MerchantId, string? TerminalId);
