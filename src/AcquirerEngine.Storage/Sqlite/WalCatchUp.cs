namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// When the unlocked catch-up passes before a WAL rewind may stop: the writer is paused for the copy that follows them,
/// and that pause grows with the frames left, so the passes go on while more than <see cref="SmallRemainder"/> frames
/// are left. Each pass copies what was committed during the one before, so the remainder shrinks as long as copying
/// outruns the writer; the pass limit ends the catch-up when it does not.
/// </summary>
internal static class WalCatchUp
{
    /// <summary>
    /// Frames (4 KiB pages) left at which the catch-up stops: about a millisecond of copying here. At 2,000 sales/s one
    /// pass already left fewer (about 50), and with the database file synced first the writer's pause was 1.6-1.7 ms.
    /// </summary>
    public const long SmallRemainder = 256;

    public static bool NeedsAnotherPass(WalCheckpointResult lastPass, int passesDone, int maxPasses) =>
        passesDone < maxPasses && lastPass.RemainingFrames > SmallRemainder;
}
