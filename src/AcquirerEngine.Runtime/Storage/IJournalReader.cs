namespace AcquirerEngine.Runtime.Storage;

/// <summary>Reads the journal back, in write order: the truth that state projections are rebuilt from.</summary>
public interface IJournalReader
{
    IAsyncEnumerable<StoredJournalRecord> ReadGrainJournalAsync(GrainId grainId, CancellationToken cancellationToken);

    IAsyncEnumerable<StoredJournalRecord> ReadAllAsync(long afterSequence, int limit, CancellationToken cancellationToken);
}
