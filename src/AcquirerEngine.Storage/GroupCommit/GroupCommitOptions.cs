namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>Checks shared by both stores' group-commit bounds, so both refuse the same bad values.</summary>
internal static class GroupCommitOptions
{
    /// <summary>The linger bound stores use unless configured: below this machine's fsync (about 0.5-1 ms).</summary>
    public static readonly TimeSpan DefaultMaxLinger = TimeSpan.FromMilliseconds(2);

    public static void Validate(int maxWriteBatch, int writeQueueCapacity, TimeSpan maxLinger)
    {
        if (maxLinger < TimeSpan.Zero || maxLinger > TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxLinger), maxLinger, "MaxLinger must be between 0 (never hold a write) and 1 s.");
        }

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
