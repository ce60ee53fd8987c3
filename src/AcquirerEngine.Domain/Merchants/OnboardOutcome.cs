namespace AcquirerEngine.Domain.Merchants;

public enum OnboardOutcome
{
    /// <summary>The merchant is new and now onboarded.</summary>
    Created,

    /// <summary>Onboarding was repeated with the same data: nothing changes (idempotent).</summary>
    AlreadyOnboarded,

    /// <summary>The merchant exists and its profile (name) was updated.</summary>
    Updated,
}
