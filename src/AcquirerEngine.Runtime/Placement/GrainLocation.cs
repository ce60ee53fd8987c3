namespace AcquirerEngine.Runtime.Placement;

/// <summary>Where a grain lives now, as this node's placement sees it.</summary>
public readonly record struct GrainLocation(GrainLocationKind Kind, string? Address)
{
    public static GrainLocation Local { get; } = new(GrainLocationKind.Local, null);

    public static GrainLocation Unowned { get; } = new(GrainLocationKind.Unowned, null);

    public static GrainLocation Remote(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return new GrainLocation(GrainLocationKind.Remote, address);
    }
}
