using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>One merchant (key: merchant id): its profile and terminals; its ledger comes with settlement.</summary>
public interface IMerchantGrain : IGrainWithStringKey
{
    Task<OnboardOutcome> OnboardAsync(string name);

    /// <summary>Null when the merchant was never onboarded.</summary>
    Task<MerchantSnapshot?> GetAsync();

    /// <summary>Lists the terminal under this merchant; false when the merchant is not onboarded.</summary>
    Task<bool> AddTerminalAsync(string terminalId);
}
