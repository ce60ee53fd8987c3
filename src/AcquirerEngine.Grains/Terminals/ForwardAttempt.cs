using AcquirerEngine.Grains.Merchants;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>
/// One delivery of a terminal's outbox head to the merchant, run outside the terminal's turn: the facts it sends are
/// fixed when it starts (immutable records, so the send never touches the grain's state), they are sent one after
/// the other, and delivery stops at the first one the merchant does not take. What was taken is settled back in a
/// turn of the terminal (or by a turn that waits for <see cref="Taken"/>).
/// </summary>
internal sealed class ForwardAttempt
{
    private readonly TaskCompletionSource<int> _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ForwardAttempt(IReadOnlyList<TerminalForward> entries)
    {
        Entries = entries;
    }

    /// <summary>The outbox head when the attempt started, in order.</summary>
    public IReadOnlyList<TerminalForward> Entries { get; }

    /// <summary>How many of <see cref="Entries"/>, from the first, the merchant took (or already had); never faults.</summary>
    public Task<int> Taken => _taken.Task;

    /// <summary>Sends the entries in order; an unavailable, failing or slow merchant ends the attempt (the facts stay).</summary>
    public async Task<int> SendAsync(Func<TerminalForward, Task<TerminalFactResult>> send, TimeSpan timeout, TimeProvider timeProvider)
    {
        var taken = 0;
        try
        {
            foreach (var entry in Entries)
            {
                TerminalFactResult result;
                try
                {
                    result = await send(entry).WaitAsync(timeout, timeProvider);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The merchant dedupes the later re-send.
                    break;
                }

                if (result == TerminalFactResult.RetryLater)
                {
                    break;
                }

                taken++;
            }
        }
        finally
        {
            _taken.TrySetResult(taken);
        }

        return taken;
    }
}
