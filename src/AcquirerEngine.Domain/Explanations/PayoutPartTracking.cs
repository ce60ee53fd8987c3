using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Domain.Explanations;

/// <summary>
/// One part of a payout split within the rails' caps (R4): its idempotent id ("&lt;payoutId&gt;/n"), rail and
/// amount, and how far it got. The payout is paid when every part is credited; a returned part gives back
/// just its amount.
/// </summary>
public sealed record PayoutPartTracking
{
    public string PartId { get; init; } = "";

    public ChannelKind Channel { get; init; }

    public long AmountMinor { get; init; }

    /// <summary>True once its rail accepted it (queued durably, in transit, or already finished).</summary>
    public bool Accepted { get; init; }

    public PayoutPartStatus Status { get; init; } = PayoutPartStatus.Instructed;

    public string? TraceId { get; init; }

    /// <summary>The rail's or the bank's last word on it (queue reason, return reason).</summary>
    public string? Reason { get; init; }

    public DateTime? SentAtLocal { get; init; }

    public DateTime? CreditedAtLocal { get; init; }

    public DateOnly? ValueDate { get; init; }

    public bool IsFinished => Status is PayoutPartStatus.Credited or PayoutPartStatus.Returned;
}
