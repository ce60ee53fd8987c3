using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace AcquirerEngine.Runtime;

/// <summary>
/// Turns an interface method into "queue a turn that invokes it on the grain", typed per return type
/// so the caller gets a Task&lt;T&gt; without boxing conversions. Built once per method.
/// </summary>
internal static class GrainMethodInvoker
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainRuntime, GrainId, object?[]?, object>> Cache = new();
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainRuntime, GrainId, object?[]?, object>> LocalCache = new();

    private static readonly MethodInfo CreateTypedMethod =
        typeof(GrainMethodInvoker).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>A call from a proxy: routed by the runtime's placement (local when it has none).</summary>
    public static Func<GrainRuntime, GrainId, object?[]?, object> For(MethodInfo method) => Cache.GetOrAdd(method, m => Build(m, routed: true));

    /// <summary>A call that must run on this node (it arrived from another node that routed it here).</summary>
    public static Func<GrainRuntime, GrainId, object?[]?, object> ForLocal(MethodInfo method) => LocalCache.GetOrAdd(method, m => Build(m, routed: false));

    private static Func<GrainRuntime, GrainId, object?[]?, object> Build(MethodInfo method, bool routed)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            var invoke = CompileInvoke<Task>(method);
            return Dispatch<object?>(method, routed, async (grain, args) =>
            {
                await (invoke(grain, args) ?? throw NullTask(method));
                return null;
            });
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var typed = CreateTypedMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return (Func<GrainRuntime, GrainId, object?[]?, object>)typed.Invoke(null, [method, routed])!;
        }

        throw new NotSupportedException($"Grain method {method.DeclaringType}.{method.Name} must return Task or Task<T>.");
    }

    private static Func<GrainRuntime, GrainId, object?[]?, object> CreateTyped<T>(MethodInfo method, bool routed)
    {
        var invoke = CompileInvoke<Task<T>>(method);
        return Dispatch<T>(method, routed, (grain, args) => invoke(grain, args) ?? throw NullTask(method));
    }

    /// <summary>
    /// A call goes straight into the grain's mailbox unless it is routed and the runtime has a placement (a cluster):
    /// a single node pays nothing for routing on this hot path.
    /// </summary>
    private static Func<GrainRuntime, GrainId, object?[]?, object> Dispatch<T>(MethodInfo method, bool routed, Func<Grain, object?[]?, Task<T>> body) =>
        routed
            ? (runtime, grainId, args) => runtime.HasPlacement ? Route(runtime, grainId, method, args, body) : Local(runtime, grainId, args, body)
            : (runtime, grainId, args) => Local(runtime, grainId, args, body);

    private static Task<T> Route<T>(GrainRuntime runtime, GrainId grainId, MethodInfo method, object?[]? args, Func<Grain, object?[]?, Task<T>> body) =>
        runtime.CallAsync(grainId, method, args, () => Local(runtime, grainId, args, body));

    private static Task<T> Local<T>(GrainRuntime runtime, GrainId grainId, object?[]? args, Func<Grain, object?[]?, Task<T>> body) =>
        runtime.InvokeAsync(grainId, body, args, isSystem: false);

    /// <summary>
    /// (grain, args) => ((TInterface)grain).Method((T0)args[0], ...), compiled once per method: a call pays a
    /// delegate call instead of reflection's argument checks and invoke stub. A grain method that throws
    /// synchronously surfaces its own exception, as reflection's DoNotWrapExceptions did.
    /// </summary>
    private static Func<Grain, object?[]?, TTask> CompileInvoke<TTask>(MethodInfo method)
        where TTask : Task
    {
        var declaringType = method.DeclaringType
            ?? throw new NotSupportedException($"Grain method {method.Name} has no declaring interface.");
        var grain = Expression.Parameter(typeof(Grain), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters();
        var arguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type.IsByRef)
            {
                throw new NotSupportedException($"Grain method {declaringType}.{method.Name} has a by-reference parameter {parameters[i].Name}.");
            }

            arguments[i] = Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), type);
        }

        var call = Expression.Call(Expression.Convert(grain, declaringType), method, arguments);
        return Expression.Lambda<Func<Grain, object?[]?, TTask>>(Expression.Convert(call, typeof(TTask)), grain, args).Compile();
    }

    private static InvalidOperationException NullTask(MethodInfo method) =>
        new($"Grain method {method.DeclaringType}.{method.Name} returned a null task.");
}
