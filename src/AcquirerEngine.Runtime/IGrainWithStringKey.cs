namespace AcquirerEngine.Runtime;

/// <summary>A grain addressed by a string key (the only key kind this runtime supports, as Orleans spells it).</summary>
public interface IGrainWithStringKey : IGrain
{
}
