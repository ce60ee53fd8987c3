namespace AcquirerEngine.Runtime.Time;

/// <summary>Removes a quiescence callback from its clock when disposed (e.g. when a runtime is disposed).</summary>
internal sealed class QuiescenceRegistration(SimulatedTimeProvider owner, Func<CancellationToken, Task> callback) : IDisposable
{
    public void Dispose() => owner.Unregister(callback);
}
