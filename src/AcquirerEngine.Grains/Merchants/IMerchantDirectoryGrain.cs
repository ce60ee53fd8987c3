using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// Every fully onboarded merchant id (key <see cref="MerchantDirectoryGrain.AllKey"/>), for operator screens that
/// span merchants (ListHolds without a merchant id). It calls no other grain, so merchants may call it from their turns.
/// </summary>
public interface IMerchantDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Idempotent.</summary>
    Task AddAsync(string merchantId);

    /// <summary>Merchant ids in onboarding order.</summary>
    Task<IReadOnlyList<string>> ListAsync();
}
