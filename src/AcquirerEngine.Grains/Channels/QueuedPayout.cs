using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// A payout in a rail's queue. <see cref="Sending"/> is set durably before the bank is called; a payout
/// found sending (after a timeout or a restart) is retried with the same id, which the bank answers idempotently.
/// </summary>
public sealed class QueuedPayout
{
    public required PayoutInstruction Instruction { get; set; }

    public DateTimeOffset EnqueuedAtUtc { get; set; }

    public bool Sending { get; set; }

    /// <summary>Times the payout was marked sending (first send plus retries).</summary>
    public int Attempts { get; set; }
}
