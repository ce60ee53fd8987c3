using System.Text.Json;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// The directory's journal record: one per onboarded merchant, so an onboarding appends one id instead of
/// rewriting the whole list. The id names the directory and the merchant, so a merchant is listed once.
/// </summary>
public static class MerchantDirectoryJournal
{
    public const string AddedKind = "DirectoryMerchantAdded";

    public static string AddedId(string directoryKey, string merchantId) => $"merchant-directory:{directoryKey}:{merchantId}";

    public static JournalRecord Added(string directoryKey, string merchantId) =>
        new(AddedId(directoryKey, merchantId), AddedKind, JsonSerializer.SerializeToUtf8Bytes(new MerchantDirectoryEntry(merchantId)));

    /// <summary>Replays one record onto <paramref name="state"/> as <see cref="MerchantDirectoryGrain.AddAsync"/> changed it.</summary>
    public static void Apply(MerchantDirectoryState state, StoredJournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        if (record.Kind != AddedKind)
        {
            throw new InvalidDataException($"The merchant directory cannot replay a '{record.Kind}' record ({record.RecordId}).");
        }

        var entry = JsonSerializer.Deserialize<MerchantDirectoryEntry>(record.Payload)
            ?? throw new InvalidDataException($"Directory record {record.RecordId} holds no merchant id.");
        state.MerchantIds.Add(entry.MerchantId);
    }
}
