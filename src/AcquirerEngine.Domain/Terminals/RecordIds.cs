using System.Globalization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Stable, idempotent journal record ids. The event store refuses a second record with the same id, except a
/// sale's answer, which the terminal refuses itself from its state (the grains' JournalRecord.DedupedByGrain).
/// Two activations deciding from the same state cannot both append either way: the store's version check refuses
/// the second. Batch and STAN are zero-padded to 6 digits so ids sort and compare as text.
/// </summary>
public static class RecordIds
{
    public static string Registration(string merchantId, string terminalId) =>
        $"register:{merchantId}:{terminalId}";

    public static string SignOn(string merchantId, string terminalId, uint sessionNo) =>
        string.Create(CultureInfo.InvariantCulture, $"signon:{merchantId}:{terminalId}:{sessionNo}");

    public static string SignOff(string merchantId, string terminalId, uint sessionNo) =>
        string.Create(CultureInfo.InvariantCulture, $"signoff:{merchantId}:{terminalId}:{sessionNo}");

    /// <summary>Shared by approvals and declines: one sale identity gets exactly one answer.</summary>
    public static string Sale(string merchantId, string terminalId, uint batchNo, uint stan, DateOnly localDate) =>
        Identity("sale", merchantId, terminalId, batchNo, stan, localDate);

    public static string Void(string merchantId, string terminalId, uint batchNo, uint stan, DateOnly localDate) =>
        Identity("void", merchantId, terminalId, batchNo, stan, localDate);

    public static string Reversal(string merchantId, string terminalId, uint batchNo, uint stan, DateOnly localDate) =>
        Identity("reversal", merchantId, terminalId, batchNo, stan, localDate);

    public static string OrphanReversal(string merchantId, string terminalId, uint batchNo, uint stan, DateOnly? localDate) =>
        $"orphan-reversal:{merchantId}:{terminalId}:{SaleKeys.OfOrphan(batchNo, stan, localDate)}";

    /// <summary>A refund's own identity (its batch, STAN and local date), not the original's.</summary>
    public static string Refund(string merchantId, string terminalId, uint batchNo, uint stan, DateOnly localDate) =>
        Identity("refund", merchantId, terminalId, batchNo, stan, localDate);

    /// <summary>
    /// "kind:MID:TID:" and the sale key (<see cref="SaleKeys.Of"/>, same text) in one string: these ids are built
    /// several times per sale (decided, journaled, serialized, forwarded, captured), and building the key first
    /// and then the id allocated two strings, plus a boxed DateOnly for its custom format, every time.
    /// </summary>
    private static string Identity(string kind, string merchantId, string terminalId, uint batchNo, uint stan, DateOnly localDate) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{kind}:{merchantId}:{terminalId}:{batchNo:D6}:{stan:D6}:{localDate.Year:D4}-{localDate.Month:D2}-{localDate.Day:D2}");

    /// <summary>The ordinal comes first and makes the id unique after the batch number wraps at 999999.</summary>
    public static string BatchClosed(string merchantId, string terminalId, uint batchNo, long batchOrdinal) =>
        string.Create(CultureInfo.InvariantCulture, $"batch-closed:{merchantId}:{terminalId}:{batchOrdinal}:{batchNo:D6}");

    public static string BatchUploadRequired(string merchantId, string terminalId, uint batchNo, long batchOrdinal) =>
        string.Create(CultureInfo.InvariantCulture, $"batch-upload-required:{merchantId}:{terminalId}:{batchOrdinal}:{batchNo:D6}");
}
