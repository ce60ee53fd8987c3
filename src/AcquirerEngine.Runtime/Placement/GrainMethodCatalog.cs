using System.Reflection;

namespace AcquirerEngine.Runtime.Placement;

/// <summary>
/// Stable ids for grain interface methods, so a call can name its method on the wire: interface full name, method
/// name and parameter type names. Nodes of one build agree on them; an id this build does not know is refused.
/// </summary>
public sealed class GrainMethodCatalog
{
    private readonly Dictionary<string, MethodInfo> _byId = new(StringComparer.Ordinal);

    internal GrainMethodCatalog(IEnumerable<Type> grainInterfaces)
    {
        foreach (var method in grainInterfaces.SelectMany(i => i.GetInterfaces().Append(i)).Distinct()
                     .SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.Instance)))
        {
            _byId.TryAdd(IdOf(method), method);
        }
    }

    public static string IdOf(MethodInfo method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var parameters = string.Join(',', method.GetParameters().Select(p => p.ParameterType.FullName ?? p.ParameterType.Name));
        return $"{method.DeclaringType!.FullName}.{method.Name}({parameters})";
    }

    public bool TryFind(string id, out MethodInfo method) => _byId.TryGetValue(id, out method!);
}
