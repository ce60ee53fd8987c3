namespace AcquirerEngine.Runtime.Storage;

/// <summary>How soon a store that group-commits should commit a write that has no company yet.</summary>
public enum WriteUrgency
{
    /// <summary>Someone is waiting for this write (a caller's reply, an operator): commit it at once.</summary>
    Prompt = 0,

    /// <summary>
    /// No reply waits on this write (a fact delivered off the caller's reply path, e.g. a terminal's sale reaching its
    /// merchant): a store may hold it for a moment so that it shares the commit of the next write instead of paying a
    /// commit (an fsync) of its own. It is never held past the store's linger bound, and a prompt write queued
    /// meanwhile takes it along at once.
    /// </summary>
    MayLinger = 1,
}
