namespace AcquirerEngine.Runtime;

internal sealed class GrainFactory : IGrainFactory
{
    private readonly GrainRuntime _runtime;

    public GrainFactory(GrainRuntime runtime)
    {
        _runtime = runtime;
    }

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        var registration = _runtime.Registry.GetByInterface(typeof(TGrainInterface));
        return GrainProxy.Create<TGrainInterface>(_runtime, new GrainId(registration.GrainTypeName, primaryKey));
    }
}
