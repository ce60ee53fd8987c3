using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// Journaled: an onboarding appends one record (the merchant id) rather than rewriting the whole id list;
/// the list is a snapshot every SnapshotEvery-th write and activation replays the ids added after it.
/// </summary>
public sealed class MerchantDirectoryGrain : JournaledGrain<MerchantDirectoryState>, IMerchantDirectoryGrain
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
        await AppendAsync([MerchantDirectoryJournal.Added(GetPrimaryKeyString(), merchantId)]);
        _ids.Add(merchantId);
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. State.MerchantIds]);

    protected override void ApplyJournalRecord(MerchantDirectoryState state, StoredJournalRecord record) =>
        MerchantDirectoryJournal.Apply(state, record);
}
