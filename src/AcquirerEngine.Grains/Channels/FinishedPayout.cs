using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Channels;

/// <summary>A payout this rail finished (credited or returned), remembered to answer a repeated enqueue.</summary>
public sealed record FinishedPayout(string PayoutId, PayoutOutcome Outcome, string? TraceId, string Reason, DateTimeOffset FinishedAtUtc);
