using System.Diagnostics;
using System.Reflection;
using AcquirerEngine.Runtime.Placement;

namespace AcquirerEngine.Runtime;

/// <summary>Routing of grain calls when the runtime is one node of a cluster (see <see cref="UsePlacement"/>).</summary>
public sealed partial class GrainRuntime
{
    private IGrainPlacement? _placement;
    private IRemoteGrainInvoker? _remoteInvoker;
    private GrainPlacementOptions _placementOptions = new();
    private GrainMethodCatalog? _methods;

    /// <summary>The ids of every registered grain interface method (what crosses the wire).</summary>
    public GrainMethodCatalog Methods => _methods ??= new GrainMethodCatalog(Registry.Interfaces);

    /// <summary>
    /// Makes this runtime one node of a cluster: each call asks <paramref name="placement"/> where its grain lives and
    /// runs here, goes to the owner through <paramref name="invoker"/>, or waits for a shard between owners.
    /// Must be called before <see cref="StartAsync"/>.
    /// </summary>
    public void UsePlacement(IGrainPlacement placement, IRemoteGrainInvoker invoker, GrainPlacementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(placement);
        ArgumentNullException.ThrowIfNull(invoker);
        options ??= new GrainPlacementOptions();
        options.Validate();
        lock (_directoryLock)
        {
            if (_status != RuntimeStatus.Created)
            {
                throw new InvalidOperationException("Placement must be set before the runtime starts.");
            }

            _placement = placement;
            _remoteInvoker = invoker;
            _placementOptions = options;
        }
    }

    /// <summary>
    /// Runs a call that arrived from another node. A grain this node does not own is forwarded to its owner (at most
    /// <see cref="GrainPlacementOptions.MaxForwards"/> times), or refused as unavailable while its shard has no owner.
    /// </summary>
    public async Task<byte[]> InvokeRemoteCallAsync(RemoteGrainCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!Methods.TryFind(call.Method, out var method))
        {
            throw new ArgumentException($"Unknown grain method '{call.Method}' (nodes of different builds?).", nameof(call));
        }

        var registration = Registry.GetByTypeName(call.GrainId.Type);
        if (!method.DeclaringType!.IsAssignableFrom(registration.InterfaceType))
        {
            throw new ArgumentException($"Grain type '{call.GrainId.Type}' has no method '{call.Method}'.", nameof(call));
        }

        if (_placement is not null)
        {
            var location = await LocateAsync(call.GrainId, cancellationToken);
            if (location.Kind == GrainLocationKind.Remote)
            {
                if (call.Hop >= _placementOptions.MaxForwards)
                {
                    throw new GrainUnavailableException(call.GrainId, "its ownership is moving (forward limit reached)", _placementOptions.UnownedWait);
                }

                return await _remoteInvoker!.InvokeAsync(location.Address!, call with { Hop = call.Hop + 1 }, cancellationToken);
            }
        }

        var args = GrainCallCodec.ReadArguments(method, call.Arguments, Options.JsonSerializerOptions);
        var task = (Task)GrainMethodInvoker.ForLocal(method)(this, call.GrainId, args);
        await task;
        var resultType = GrainCallCodec.ResultType(method);
        var value = resultType is null ? null : task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
        return GrainCallCodec.WriteResult(resultType, value, Options.JsonSerializerOptions);
    }

    /// <summary>
    /// Deactivates every activation whose grain matches (a shard handed over or lost). With
    /// <see cref="DeactivationReasonCode.ShardLost"/> grains are expected not to write: the store refuses them anyway.
    /// </summary>
    public Task DeactivateWhereAsync(Func<GrainId, bool> predicate, DeactivationReasonCode reasonCode, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var reason = new DeactivationReason(reasonCode, description);
        Task[] deactivations;
        lock (_directoryLock)
        {
            deactivations = [.. _activations.Values.Where(a => predicate(a.GrainId)).Select(a => a.RequestDeactivation(reason))];
        }

        return Task.WhenAll(deactivations);
    }

    /// <summary>Schedules the reminders of grains this node now runs (call after taking over a shard).</summary>
    public Task RefreshRemindersAsync(CancellationToken cancellationToken) => Reminders.RefreshAsync(cancellationToken);

    /// <summary>
    /// Drops the reminders of matching grains from this node's memory, not from the table (call once their shard has
    /// left this node), so that taking the shard back later schedules them from the table, as its other owners left it.
    /// </summary>
    public void ForgetRemindersWhere(Func<GrainId, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        Reminders.ForgetWhere(predicate);
    }

    /// <summary>The fencing token for a write of the grain, from the placement (null on a single node).</summary>
    internal Storage.WriteFence? FenceFor(GrainId grainId) => _placement?.FenceFor(grainId);

    /// <summary>True when calls to the grain run on this node now (always, without a placement).</summary>
    internal bool RunsHere(GrainId grainId) => _placement is null || _placement.Locate(grainId).Kind == GrainLocationKind.Local;

    /// <summary>True when this runtime is a node of a cluster (calls may have to go elsewhere).</summary>
    internal bool HasPlacement => _placement is not null;

    /// <summary>A grain call from this node: local when no placement is set or this node owns the grain.</summary>
    internal Task<T> CallAsync<T>(GrainId grainId, MethodInfo method, object?[]? args, Func<Task<T>> runLocally) =>
        _placement is null ? runLocally() : RouteAsync(grainId, method, args, runLocally);

    private async Task<T> RouteAsync<T>(GrainId grainId, MethodInfo method, object?[]? args, Func<Task<T>> runLocally)
    {
        var location = await LocateAsync(grainId, CancellationToken.None);
        if (location.Kind == GrainLocationKind.Local)
        {
            return await runLocally();
        }

        // Wall-clock on purpose: a network deadline, not business time (which may be simulated).
        var deadline = DateTimeOffset.UtcNow + _placementOptions.RemoteCallTimeout;
        if (_placementOptions.CallerDeadline?.Invoke() is { } callerDeadline && callerDeadline < deadline)
        {
            deadline = callerDeadline;
        }

        using var timeout = new CancellationTokenSource(deadline - DateTimeOffset.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        var call = new RemoteGrainCall(grainId, GrainMethodCatalog.IdOf(method), GrainCallCodec.WriteArguments(method, args, Options.JsonSerializerOptions), Hop: 0)
        {
            Deadline = deadline,
        };
        var result = await _remoteInvoker!.InvokeAsync(location.Address!, call, timeout.Token);
        return GrainCallCodec.ReadResult<T>(result, Options.JsonSerializerOptions);
    }

    private async ValueTask<GrainLocation> LocateAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var location = _placement!.Locate(grainId);
            if (location.Kind != GrainLocationKind.Unowned)
            {
                return location;
            }

            if (Stopwatch.GetElapsedTime(started) >= _placementOptions.UnownedWait)
            {
                throw new GrainUnavailableException(grainId, "its shard has no owner right now (handover in progress)", _placementOptions.UnownedWait);
            }

            // Real time on purpose: ownership moves on the cluster's clock, not on a simulated business clock.
            await Task.Delay(_placementOptions.UnownedPollInterval, cancellationToken);
        }
    }
}
