using System.Reflection;

namespace AcquirerEngine.Runtime;

/// <summary>
/// Explicit grain registration (no assembly scanning, no DI container): the grain type name is the stable
/// <see cref="GrainId.Type"/> that is persisted, so renaming a C# class never orphans stored state.
/// </summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, GrainRegistration> _byTypeName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, GrainRegistration> _byInterface = [];

    /// <summary>
    /// Registers <typeparamref name="TGrain"/> as the implementation of <typeparamref name="TInterface"/>.
    /// The factory must be cheap and must not call into the runtime: it runs while the activation directory is locked.
    /// The runtime attaches its context to the instance after construction, so constructors must not use
    /// members of <see cref="Grain"/>.
    /// </summary>
    public GrainTypeRegistry Add<TInterface, TGrain>(string grainTypeName, Func<TGrain> factory)
        where TInterface : IGrain
        where TGrain : Grain, TInterface
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(grainTypeName);
        ArgumentNullException.ThrowIfNull(factory);
        if (grainTypeName.Contains('/', StringComparison.Ordinal))
        {
            // GrainId renders as "type/key"; a slash in the type would make that ambiguous in logs and stores.
            throw new ArgumentException($"Grain type name '{grainTypeName}' must not contain '/'.", nameof(grainTypeName));
        }

        var interfaceType = typeof(TInterface);
        if (!interfaceType.IsInterface)
        {
            throw new ArgumentException($"{interfaceType} must be an interface.", nameof(TInterface));
        }

        ValidateMethods(interfaceType);

        if (_byTypeName.ContainsKey(grainTypeName))
        {
            throw new InvalidOperationException($"Grain type name '{grainTypeName}' is already registered.");
        }

        if (_byInterface.ContainsKey(interfaceType))
        {
            throw new InvalidOperationException($"Grain interface {interfaceType} is already registered.");
        }

        var registration = new GrainRegistration(grainTypeName, interfaceType, typeof(TGrain), () => factory());
        _byTypeName.Add(grainTypeName, registration);
        _byInterface.Add(interfaceType, registration);
        return this;
    }

    internal IEnumerable<Type> Interfaces => _byInterface.Keys;

    internal GrainRegistration GetByTypeName(string grainTypeName) =>
        _byTypeName.TryGetValue(grainTypeName, out var registration)
            ? registration
            : throw new InvalidOperationException($"No grain type '{grainTypeName}' is registered.");

    internal GrainRegistration GetByInterface(Type interfaceType) =>
        _byInterface.TryGetValue(interfaceType, out var registration)
            ? registration
            : throw new InvalidOperationException($"No grain implements {interfaceType}; register it with GrainTypeRegistry.Add.");

    internal GrainTypeRegistry Copy()
    {
        var copy = new GrainTypeRegistry();
        foreach (var (name, registration) in _byTypeName)
        {
            copy._byTypeName.Add(name, registration);
            copy._byInterface.Add(registration.InterfaceType, registration);
        }

        return copy;
    }

    private static void ValidateMethods(Type interfaceType)
    {
        // Every call becomes a queued turn whose completion the caller awaits, so only Task-shaped methods can be proxied.
        var interfaces = interfaceType.GetInterfaces().Append(interfaceType);
        foreach (var method in interfaces.SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.Instance)))
        {
            var returnType = method.ReturnType;
            var isTask = returnType == typeof(Task)
                || (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>));
            if (!isTask)
            {
                throw new ArgumentException(
                    $"Grain interface method {method.DeclaringType}.{method.Name} must return Task or Task<T>.",
                    nameof(interfaceType));
            }
        }
    }
}
