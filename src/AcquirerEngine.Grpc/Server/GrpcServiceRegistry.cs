using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace AcquirerEngine.Grpc;

/// <summary>
/// The table of served methods, keyed by the route derived from each method's descriptor
/// ("/" + service full name + "/" + method name), so routes can never drift from the protos.
/// Fill it at startup, then hand it to <see cref="GrpcServerExtensions.UseGrpcServices"/>; it is frozen then.
/// </summary>
public sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, IServerMethod> _methods = new(StringComparer.Ordinal);
    private volatile bool _frozen;

    /// <summary>The routes registered so far.</summary>
    public IReadOnlyCollection<string> Routes => _methods.Keys;

    /// <summary>The HTTP/2 path of a method: "/package.Service/Method".</summary>
    public static string GetRoute(MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return "/" + method.Service.FullName + "/" + method.Name;
    }

    /// <summary>Registers a unary handler.</summary>
    /// <exception cref="ArgumentException">The descriptor is not unary or its message types differ from the handler's.</exception>
    /// <exception cref="InvalidOperationException">The route is already registered or the registry is in use.</exception>
    public GrpcServiceRegistry AddUnary<TRequest, TResponse>(
        MethodDescriptor method,
        Func<TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        Validate(method, typeof(TRequest), typeof(TResponse), serverStreaming: false);
        Add(new UnaryServerMethod<TRequest, TResponse>(method, handler));
        return this;
    }

    /// <summary>Registers a server-streaming handler.</summary>
    /// <exception cref="ArgumentException">The descriptor is not server-streaming or its message types differ from the handler's.</exception>
    /// <exception cref="InvalidOperationException">The route is already registered or the registry is in use.</exception>
    public GrpcServiceRegistry AddServerStreaming<TRequest, TResponse>(
        MethodDescriptor method,
        Func<TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(handler);
        Validate(method, typeof(TRequest), typeof(TResponse), serverStreaming: true);
        Add(new ServerStreamingServerMethod<TRequest, TResponse>(method, handler));
        return this;
    }

    /// <summary>
    /// Registers every method of <paramref name="service"/> from public instance methods of
    /// <paramref name="implementation"/> named after the RPC (optionally with an "Async" suffix):
    /// unary <c>Task&lt;TResponse&gt; Name(TRequest, ServerCallContext)</c>, server streaming
    /// <c>Task Name(TRequest, IServerStreamWriter&lt;TResponse&gt;, ServerCallContext)</c>.
    /// All methods are checked before any is registered, so a missing one fails startup atomically.
    /// </summary>
    /// <exception cref="InvalidOperationException">Some RPC has no matching method.</exception>
    /// <exception cref="NotSupportedException">The service has client- or bidirectional-streaming RPCs.</exception>
    public GrpcServiceRegistry AddService(ServiceDescriptor service, object implementation)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(implementation);

        var bindings = new List<(MethodDescriptor Method, MethodInfo Target)>();
        var missing = new List<string>();
        var candidates = implementation.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance);
        foreach (var method in service.Methods)
        {
            if (method.IsClientStreaming)
            {
                throw new NotSupportedException($"{GetRoute(method)}: client and bidirectional streaming are not supported.");
            }

            var request = method.InputType.ClrType;
            var response = method.OutputType.ClrType;
            Type[] parameters = method.IsServerStreaming
                ? [request, typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext)]
                : [request, typeof(ServerCallContext)];
            var returns = method.IsServerStreaming ? typeof(Task) : typeof(Task<>).MakeGenericType(response);

            var target = candidates.FirstOrDefault(m =>
                (m.Name == method.Name || m.Name == method.Name + "Async")
                && m.ReturnType == returns
                && m.GetParameters().Select(p => p.ParameterType).SequenceEqual(parameters));
            if (target is null)
            {
                missing.Add(method.Name);
            }
            else
            {
                bindings.Add((method, target));
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{implementation.GetType().Name} does not implement {service.FullName}: missing {string.Join(", ", missing)}.");
        }

        foreach (var (method, target) in bindings)
        {
            var request = method.InputType.ClrType;
            var response = method.OutputType.ClrType;
            var (delegateType, register) = method.IsServerStreaming
                ? (typeof(Func<,,,>).MakeGenericType(request, typeof(IServerStreamWriter<>).MakeGenericType(response), typeof(ServerCallContext), typeof(Task)),
                    nameof(AddServerStreaming))
                : (typeof(Func<,,>).MakeGenericType(request, typeof(ServerCallContext), typeof(Task<>).MakeGenericType(response)),
                    nameof(AddUnary));
            var handler = Delegate.CreateDelegate(delegateType, implementation, target);
            typeof(GrpcServiceRegistry)
                .GetMethod(register)!
                .MakeGenericMethod(request, response)
                .Invoke(this, [method, handler]);
        }

        return this;
    }

    internal bool TryGetMethod(string? path, out IServerMethod method)
    {
        if (path is not null && _methods.TryGetValue(path, out var found))
        {
            method = found;
            return true;
        }

        method = null!;
        return false;
    }

    internal IEnumerable<KeyValuePair<string, IServerMethod>> Methods => _methods;

    /// <summary>Stops registration once requests may be served, so lookups never race a write.</summary>
    internal void Freeze() => _frozen = true;

    private static void Validate(MethodDescriptor method, Type request, Type response, bool serverStreaming)
    {
        if (method.IsClientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new ArgumentException(
                $"{GetRoute(method)} is not a {(serverStreaming ? "server-streaming" : "unary")} method.", nameof(method));
        }

        if (method.InputType.ClrType != request || method.OutputType.ClrType != response)
        {
            throw new ArgumentException(
                $"{GetRoute(method)} takes {method.InputType.ClrType?.Name} and returns {method.OutputType.ClrType?.Name}, "
                + $"not {request.Name} and {response.Name}.",
                nameof(method));
        }
    }

    private void Add(IServerMethod method)
    {
        if (_frozen)
        {
            throw new InvalidOperationException("The registry is already serving requests; register every method before mapping it.");
        }

        var route = GetRoute(method.Descriptor);
        if (!_methods.TryAdd(route, method))
        {
            throw new InvalidOperationException($"{route} is already registered.");
        }
    }
}
