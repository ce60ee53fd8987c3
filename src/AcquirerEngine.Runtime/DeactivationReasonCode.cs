namespace AcquirerEngine.Runtime;

/// <summary>Why an activation is being deactivated (names follow Orleans where it has one).</summary>
public enum DeactivationReasonCode
{
    None = 0,

    /// <summary>The grain called <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,

    /// <summary>Idle for longer than <see cref="GrainRuntimeOptions.IdleDeactivationAfter"/>.</summary>
    ActivationIdle,

    /// <summary>The runtime is stopping.</summary>
    ShuttingDown,

    /// <summary>
    /// The activation's memory can no longer be trusted, e.g. a state write found another writer's version.
    /// </summary>
    ApplicationError,

    /// <summary>Evicted (it was idle) to make room under <see cref="GrainRuntimeOptions.MaxActivations"/>.</summary>
    ActivationLimitReached,

    /// <summary>Its shard is being handed to another node (graceful: state is durable, the new owner reads it).</summary>
    ShardHandover,

    /// <summary>Its shard was lost (another node owns it now): the activation must not write again.</summary>
    ShardLost,
}
