namespace AcquirerEngine.Runtime.Placement;

/// <summary>A grain on another node threw: the remote exception's type and message, for logs and status mapping.</summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException(GrainId grainId, string remoteType, string message)
        : base($"Grain {grainId} failed on its node with {remoteType}: {message}")
    {
        GrainId = grainId;
        RemoteType = remoteType;
    }

    public GrainId GrainId { get; }

    public string RemoteType { get; }
}
