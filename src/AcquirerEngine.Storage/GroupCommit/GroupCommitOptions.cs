namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>Checks shared by both stores' group-commit bounds, so both refuse the same bad values.</summary>
internal static class GroupCommitOptions
{
    public static void Validate(int maxWriteBatch, int writeQueueCapacity)
    {
        if (maxWriteBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWriteBatch), maxWriteBatch, "MaxWriteBatch must be at least 1 (1 = one commit per write).");
        }

        if (writeQueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(writeQueueCapacity), writeQueueCapacity, "WriteQueueCapacity must be at least 1.");
        }
    }
}
