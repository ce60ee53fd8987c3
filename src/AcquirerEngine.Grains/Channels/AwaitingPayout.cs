using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// A payout the bank accepted but has not yet landed (its answer was Pending): in transit. It has left the
/// queue, so the queue keeps draining, and is kept durably until the bank confirms it, re-asked with the same
/// payout id (idempotent) at <paramref name="NextAskUtc"/>, so a restart still credits it exactly once.
/// </summary>
public sealed record AwaitingPayout(PayoutInstruction Instruction, string TraceId, DateTimeOffset SentAtUtc, DateTimeOffset NextAskUtc);
