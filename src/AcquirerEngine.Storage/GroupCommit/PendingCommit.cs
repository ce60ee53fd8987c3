namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>
/// One caller's work waiting in the group-commit queue: a grain write or a set of reminder upserts. Whatever the
/// batch's applier leaves open when it fails is failed through <see cref="Fail"/>, so no caller waits forever.
/// </summary>
internal abstract class PendingCommit
{
    public abstract void Fail(Exception exception);
}
