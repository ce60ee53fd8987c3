namespace AcquirerEngine.Runtime;

/// <summary>Passed to <see cref="Grain.OnDeactivateAsync"/> so the grain knows whether its memory is still trustworthy.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode ReasonCode, string Description, Exception? Exception = null);
