namespace AcquirerEngine.Runtime.Storage;

/// <summary>A grain's persisted state as the store holds it, with the version the next write must name.</summary>
public sealed record StoredGrainState(byte[] Payload, long Version);
