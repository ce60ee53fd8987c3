using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Channels;

/// <summary>The payload of a <see cref="RailJournal.InTransitKind"/> record: the in-transit entry and the "sent" notice it queued.</summary>
public sealed record RailInTransitEntry(AwaitingPayout Awaiting, PayoutNotice Sent);
