using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Merchants;

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
