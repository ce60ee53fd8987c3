namespace AcquirerEngine.Runtime;

internal enum EnqueueResult
{
    Accepted,

    /// <summary>The mailbox holds <see cref="GrainRuntimeOptions.MailboxCapacity"/> calls already.</summary>
    Full,

    /// <summary>The activation is deactivating; wait for it to finish and use a fresh activation.</summary>
    Gone,
}
