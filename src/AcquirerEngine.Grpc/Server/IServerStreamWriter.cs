namespace AcquirerEngine.Grpc;

/// <summary>How a server-streaming handler sends its messages; each write is flushed to the client at once.</summary>
/// <typeparam name="T">The response message type.</typeparam>
public interface IServerStreamWriter<in T>
{
    /// <summary>
    /// Sends one message. Writes must not overlap (await each before the next), and fail once the call
    /// has completed (e.g. its deadline passed) or was cancelled.
    /// </summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
