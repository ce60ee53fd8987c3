using System.Reflection;

namespace AcquirerEngine.Runtime;

/// <summary>
/// The object callers hold for a grain interface: every method call becomes a turn in the target activation's
/// mailbox. Not sealed because <see cref="DispatchProxy"/> generates a subclass of it.
/// </summary>
internal class GrainProxy : DispatchProxy
{
    private GrainRuntime? _runtime;
    private GrainId _grainId;

    internal static TGrainInterface Create<TGrainInterface>(GrainRuntime runtime, GrainId grainId)
    {
        var proxy = DispatchProxy.Create<TGrainInterface, GrainProxy>();
        var grainProxy = (GrainProxy)(object)proxy!;
        grainProxy._runtime = runtime;
        grainProxy._grainId = grainId;
        return proxy;
    }

    public override string ToString() => $"GrainReference({_grainId})";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var runtime = _runtime ?? throw new InvalidOperationException("Grain proxy used before it was initialized.");
        return GrainMethodInvoker.For(targetMethod)(runtime, _grainId, args);
    }
}
