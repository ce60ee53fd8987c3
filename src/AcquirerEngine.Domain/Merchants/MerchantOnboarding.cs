namespace AcquirerEngine.Domain.Merchants;

/// <summary>
/// Onboarding rules. Repeating an onboarding is safe (operators retry after timeouts), and the
/// merchant id never changes once given.
/// </summary>
public static class MerchantOnboarding
{
    public static OnboardOutcome Onboard(MerchantState state, string merchantId, string name)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Onboarded)
        {
            state.Onboarded = true;
            state.MerchantId = merchantId;
            state.Name = name;
            return OnboardOutcome.Created;
        }

        Invariant.Require(state.MerchantId == merchantId, "a merchant's state is only ever addressed by its own id");
        if (state.Name == name)
        {
            return OnboardOutcome.AlreadyOnboarded;
        }

        state.Name = name;
        return OnboardOutcome.Updated;
    }

    /// <summary>Adds the terminal to the merchant's list; false when it was listed already.</summary>
    public static bool AddTerminal(MerchantState state, string terminalId)
    {
        ArgumentNullException.ThrowIfNull(state);
        Invariant.Require(state.Onboarded, "terminals are only added to onboarded merchants");
        if (state.TerminalIds.Contains(terminalId, StringComparer.Ordinal))
        {
            return false;
        }

        state.TerminalIds.Add(terminalId);
        return true;
    }

    /// <summary>
    /// Onboards with the full profile (account, pricing, cycle, risk), or updates it. The same profile again
    /// changes nothing (operators retry after timeouts). A merchant onboarded by name only gets its profile.
    /// </summary>
    public static OnboardOutcome Onboard(MerchantState state, MerchantProfile profile)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(profile);
        if (state.Onboarded)
        {
            Invariant.Require(state.MerchantId == profile.MerchantId, "a merchant's state is only ever addressed by its own id");
            if (state.Profile == profile && state.Name == profile.Name)
            {
                return OnboardOutcome.AlreadyOnboarded;
            }
        }

        var created = !state.Onboarded || state.Profile is null;
        state.Onboarded = true;
        state.MerchantId = profile.MerchantId;
        state.Name = profile.Name;
        state.Profile = profile;
        state.ProfileVersion++;
        return created ? OnboardOutcome.Created : OnboardOutcome.Updated;
    }
}
