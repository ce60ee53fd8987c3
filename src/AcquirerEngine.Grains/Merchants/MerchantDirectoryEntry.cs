namespace AcquirerEngine.Grains.Merchants;

/// <summary>The payload of a <see cref="MerchantDirectoryJournal.AddedKind"/> record.</summary>
public sealed record MerchantDirectoryEntry(string MerchantId);
