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

public sealed class MerchantDirectoryState
{
    public List<string> MerchantIds { get; set; } = [];
}

public sealed class MerchantDirectoryGrain : Grain<MerchantDirectoryState>, IMerchantDirectoryGrain
{
    public const string GrainTypeName = "merchant-directory";

    public const string AllKey = "all";

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ids.UnionWith(State.MerchantIds);
        return Task.CompletedTask;
    }

    public async Task AddAsync(string merchantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(merchantId);
        if (_ids.Contains(merchantId))
        {
            return;
        }

        State.MerchantIds.Add(merchantId);
        await WriteStateAsync();
        _ids.Add(merchantId);
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. State.MerchantIds]);
}
