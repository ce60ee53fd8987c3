namespace AcquirerEngine.Runtime.Storage;

/// <summary>A journal record id was written twice: an idempotency bug in the writer, never a business outcome.</summary>
public sealed class DuplicateJournalRecordException : Exception
{
    public DuplicateJournalRecordException(string recordId)
        : base($"Journal record '{recordId}' is already stored.")
    {
        RecordId = recordId;
    }

    public string RecordId { get; }
}
