namespace AcquirerEngine.Runtime;

/// <summary>
/// Pipelined writes (<see cref="Grain{TState}"/>'s opt-in): a turn may end once its write is queued, the next turn
/// runs meanwhile, and no caller hears an outcome before every write queued up to the end of its turn is durable.
/// </summary>
internal sealed partial class GrainActivation
{
    private Task? _pipelineTail;
    private bool _settledSyncQueued;

    /// <summary>
    /// The durability of the last pipelined write queued: completes when it (and so every earlier write of this
    /// activation, applied in order) is durable; faults when it was refused. Null when none was queued.
    /// </summary>
    public Task? PipelineTail => Volatile.Read(ref _pipelineTail);

    /// <summary>True while a pipelined write of this activation is neither durable nor refused.</summary>
    public bool HasPendingWrites => PipelineTail is { IsCompleted: false };

    /// <summary>Called in the turn that queued the write, right after queueing it.</summary>
    public void PipelineWriteQueued(Task durable)
    {
        Volatile.Write(ref _pipelineTail, durable);
        Runtime.Tracker.Begin();
        _ = durable.ContinueWith(
            static (task, state) =>
            {
                var activation = (GrainActivation)state!;
                if (task.IsCompletedSuccessfully && ReferenceEquals(activation.PipelineTail, task))
                {
                    // Memory equals the store again: let the grain publish its durable figures, inside a turn.
                    activation.QueueSettledSync();
                }

                activation.Runtime.Tracker.End();
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits until no write of this activation is pending (outcome ignored: the caller of each hears it).</summary>
    private async Task WhenWritesSettledAsync()
    {
        if (PipelineTail is { } tail)
        {
            try
            {
                await tail.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Refused or failed: that write's caller was told; this activation is untrusted and leaving anyway.
            }
        }
    }

    /// <summary>
    /// Completes a finished turn: a body that released its turn replies when it ends (after its own write is
    /// durable); any other reply waits for the pipelined writes queued before its turn ended, since the turn may
    /// have read their effects, and becomes their error if one was refused.
    /// </summary>
    private void CompleteTurn(WorkItem item)
    {
        var wait = item.ReleasedBody ?? (item.RepliesToCaller && PipelineTail is { IsCompletedSuccessfully: false } tail ? tail : null);
        if (wait is null)
        {
            item.Complete();
            return;
        }

        var released = item.ReleasedBody is not null;
        Runtime.Tracker.Begin();
        _ = wait.ContinueWith(
            task =>
            {
                try
                {
                    if (!released && task.Exception is { } failed)
                    {
                        item.CompleteWithError(failed.InnerException ?? failed);
                    }
                    else
                    {
                        item.Complete();
                    }
                }
                finally
                {
                    Runtime.Tracker.End();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void QueueSettledSync()
    {
        lock (_lock)
        {
            if (_settledSyncQueued || _closed)
            {
                return;
            }

            _settledSyncQueued = true;
        }

        if (TryEnqueue(new PipelineSettledWorkItem(this)) != EnqueueResult.Accepted)
        {
            lock (_lock)
            {
                _settledSyncQueued = false;
            }
        }
    }

    /// <summary>Runs as a turn: memory equals the store if no pipelined write is pending now.</summary>
    internal void RunSettledSync()
    {
        lock (_lock)
        {
            _settledSyncQueued = false;
        }

        if (PipelineTail is null or { IsCompletedSuccessfully: true })
        {
            Grain.OnPipelineSettled();
        }
    }
}
