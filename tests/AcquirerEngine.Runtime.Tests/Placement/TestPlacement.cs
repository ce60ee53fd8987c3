using System.Collections.Concurrent;
using AcquirerEngine.Runtime.Placement;

namespace AcquirerEngine.Runtime.Tests.Placement;

/// <summary>One node's view of who owns which grain key: tests move keys between nodes by editing the views.</summary>
internal sealed class TestPlacement : IGrainPlacement
{
    private readonly ConcurrentDictionary<string, string?> _owners = new(StringComparer.Ordinal);
    private readonly string _self;

    public TestPlacement(string self)
    {
        _self = self;
        DefaultOwner = self;
    }

    /// <summary>Owner of keys not set explicitly.</summary>
    public string? DefaultOwner { get; set; }

    public void Set(string key, string? owner) => _owners[key] = owner;

    public GrainLocation Locate(GrainId grainId)
    {
        var owner = _owners.TryGetValue(grainId.Key, out var explicitOwner) ? explicitOwner : DefaultOwner;
        return owner is null ? GrainLocation.Unowned : owner == _self ? GrainLocation.Local : GrainLocation.Remote(owner);
    }
}
