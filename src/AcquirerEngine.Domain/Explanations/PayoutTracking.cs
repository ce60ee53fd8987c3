using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Domain.Explanations;

/// <summary>
/// What the merchant side knows about a payout's journey beyond the ledger's status: the rail it was routed
/// to and why, when the rail said it would open, and when it was sent, credited or returned (local times).
/// Serializable: the merchant grain keeps one per payout.
/// </summary>
public sealed record PayoutTracking
{
    public string PayoutId { get; init; } = "";

    public ChannelKind? Channel { get; init; }

    /// <summary>The router's reason (why this rail, and when it sends).</summary>
    public string? RouteReason { get; init; }

    /// <summary>True once the rail accepted the instruction (queued durably, or already finished).</summary>
    public bool Accepted { get; init; }

    /// <summary>The rail's reopening when it queued the payout while closed.</summary>
    public DateTime? NextOpeningLocal { get; init; }

    public string? QueueReason { get; init; }

    public DateTime? InstructedAtLocal { get; init; }

    public DateTime? SentAtLocal { get; init; }

    public DateTime? CreditedAtLocal { get; init; }

    public DateTime? ReturnedAtLocal { get; init; }

    public string? TraceId { get; init; }

    /// <summary>
    /// The working day the rail value-dated the credit on (R4: a send in the HVPS night session from 20:30 counts
    /// for the next working day); null when the rail did not say.
    /// </summary>
    public DateOnly? ValueDate { get; init; }

    /// <summary>The parts when the payout was split within the rails' caps (R4); empty when it travels whole.</summary>
    public IReadOnlyList<PayoutPartTracking> Parts { get; init; } = [];
}
