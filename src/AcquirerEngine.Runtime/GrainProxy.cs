using System.Collections.Concurrent;
using System.Reflection;

namespace AcquirerEngine.Runtime;

/// <summary>
/// The object callers hold for a grain interface: every method call becomes a turn in the target activation's
/// mailbox. Not sealed because <see cref="DispatchProxy"/> generates a subclass of it.
/// </summary>
internal class GrainProxy : DispatchProxy
{
    /// <summary>One uninitialized proxy per interface, only ever copied, never called.</summary>
    private static readonly ConcurrentDictionary<Type, GrainProxy> Prototypes = new();

    private GrainRuntime? _runtime;
    private GrainId _grainId;

    internal static TGrainInterface Create<TGrainInterface>(GrainRuntime runtime, GrainId grainId)
    {
        // DispatchProxy.Create constructs the generated type through reflection on every call (and, since the
        // runtime's reflection cache for it is collectible, re-emits its invoke stub now and then); a grain
        // reference is taken on every call, so each proxy is a field copy of one prototype per interface instead.
        var prototype = Prototypes.GetOrAdd(typeof(TGrainInterface), static _ => (GrainProxy)(object)DispatchProxy.Create<TGrainInterface, GrainProxy>()!);
        var proxy = (GrainProxy)prototype.MemberwiseClone();
        proxy._runtime = runtime;
        proxy._grainId = grainId;
        return (TGrainInterface)(object)proxy;
    }

    public override string ToString() => $"GrainReference({_grainId})";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var runtime = _runtime ?? throw new InvalidOperationException("Grain proxy used before it was initialized.");
        return GrainMethodInvoker.For(targetMethod)(runtime, _grainId, args);
    }
}
