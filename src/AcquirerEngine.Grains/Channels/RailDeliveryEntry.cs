namespace AcquirerEngine.Grains.Channels;

/// <summary>The payload of a <see cref="RailJournal.NoticesDeliveredKind"/> record: how many head notices the sink took, and its last error.</summary>
public sealed record RailDeliveryEntry(int Taken, string? LastSinkError);
