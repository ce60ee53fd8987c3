namespace AcquirerEngine.Domain.Channels;

/// <summary>One item sent on a rail. An unsplit payout has exactly one part.</summary>
public sealed record PayoutPart(ChannelKind Channel, long AmountMinor, DateTime SendAt);
