namespace AcquirerEngine.Runtime;

/// <summary>
/// Identity of one grain: its type name (stable, persisted) and its key. One owner per GrainId.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
