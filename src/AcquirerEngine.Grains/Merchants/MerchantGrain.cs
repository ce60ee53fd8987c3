using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Merchants;

public sealed class MerchantGrain : Grain<MerchantState>, IMerchantGrain
{
    public const string GrainTypeName = "merchant";

    public async Task<OnboardOutcome> OnboardAsync(string name)
    {
        var outcome = MerchantOnboarding.Onboard(State, GetPrimaryKeyString(), name);
        if (outcome != OnboardOutcome.AlreadyOnboarded)
        {
            await WriteStateAsync();
        }

        return outcome;
    }

    public Task<MerchantSnapshot?> GetAsync() =>
        Task.FromResult(State.Onboarded ? new MerchantSnapshot(State.MerchantId, State.Name, [.. State.TerminalIds]) : null);

    public async Task<bool> AddTerminalAsync(string terminalId)
    {
        if (!State.Onboarded)
        {
            return false;
        }

        if (MerchantOnboarding.AddTerminal(State, terminalId))
        {
            await WriteStateAsync();
        }

        return true;
    }
}
