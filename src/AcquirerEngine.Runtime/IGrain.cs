namespace AcquirerEngine.Runtime;

/// <summary>Marker for grain interfaces: the runtime only proxies interfaces that derive from it.</summary>
public interface IGrain
{
}
