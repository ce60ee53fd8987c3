using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>
/// One caller's write waiting in the group-commit queue. Its task completes with the new version only
/// after the batch holding it has committed durably, or fails with this write's own refusal.
/// </summary>
internal sealed class PendingWrite : PendingCommit
{
    private readonly TaskCompletionSource<long> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingWrite(GrainStateWrite write)
    {
        Write = write;
    }

    public GrainStateWrite Write { get; }

    public Task<long> Task => _completion.Task;

    /// <summary>Neither committed nor refused nor failed yet.</summary>
    public bool IsOpen => !_completion.Task.IsCompleted;

    public void Succeed(long newVersion) => _completion.TrySetResult(newVersion);

    /// <summary>Refuses or fails the write; later writes of the same pipeline are refused from now on.</summary>
    public override void Fail(Exception exception)
    {
        Write.Pipeline?.Break();
        _completion.TrySetException(exception);
    }
}
