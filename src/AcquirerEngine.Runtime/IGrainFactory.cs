namespace AcquirerEngine.Runtime;

/// <summary>Creates references (proxies) to grains; creating one does not activate the grain, calling it does.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey;
}
