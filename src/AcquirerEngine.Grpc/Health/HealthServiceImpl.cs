using System.Threading.Channels;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace AcquirerEngine.Grpc;

/// <summary>
/// The standard <c>grpc.health.v1.Health</c> service (grpc/doc/health-checking.md). The host sets a status
/// per service name; "" stands for the whole server and starts as SERVING. Register it with
/// <see cref="GrpcServiceRegistry.AddService"/> and <see cref="GrpcServiceDescriptors.Health"/>.
/// </summary>
public sealed class HealthServiceImpl
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal)
    {
        [string.Empty] = ServingStatus.Serving,
    };

    private readonly List<Watcher> _watchers = [];

    /// <summary>Sets the status of <paramref name="service"/> and tells its watchers.</summary>
    public void SetStatus(string service, ServingStatus status)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            _statuses[service] = status;
            Notify(service, status);
        }
    }

    /// <summary>Forgets <paramref name="service"/>: Check answers NOT_FOUND, watchers see SERVICE_UNKNOWN.</summary>
    public void ClearStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            _statuses.Remove(service);
            Notify(service, ServingStatus.ServiceUnknown);
        }
    }

    /// <summary>
    /// Marks every known service NOT_SERVING, as the health spec recommends during shutdown so that
    /// load balancers drain the server before it stops.
    /// </summary>
    public void EnterShutdown()
    {
        lock (_gate)
        {
            foreach (var service in _statuses.Keys.ToList())
            {
                _statuses[service] = ServingStatus.NotServing;
                Notify(service, ServingStatus.NotServing);
            }
        }
    }

    /// <summary>The current status, or null when the service is unknown.</summary>
    public ServingStatus? GetStatus(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        lock (_gate)
        {
            return _statuses.TryGetValue(service, out var status) ? status : null;
        }
    }

    /// <summary>Health.Check: the status, or NOT_FOUND for a service never set (per the spec).</summary>
    public Task<HealthCheckResponse> CheckAsync(HealthCheckRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = GetStatus(request.Service)
            ?? throw new RpcException(StatusCode.NotFound, $"Service '{request.Service}' is unknown.");
        return Task.FromResult(new HealthCheckResponse { Status = status });
    }

    /// <summary>
    /// Health.Watch: sends the current status at once (SERVICE_UNKNOWN for an unknown service, not an
    /// error), then every change, until the client cancels or the deadline passes.
    /// </summary>
    public async Task WatchAsync(
        HealthCheckRequest request,
        IServerStreamWriter<HealthCheckResponse> responseStream,
        ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);

        var watcher = new Watcher(request.Service);
        ServingStatus current;
        lock (_gate)
        {
            current = _statuses.TryGetValue(request.Service, out var s) ? s : ServingStatus.ServiceUnknown;
            _watchers.Add(watcher);
        }

        try
        {
            ServingStatus? sent = null;
            var token = context.CancellationToken;
            while (true)
            {
                // Only changes are sent: a repeated SetStatus with the same value is not news.
                if (current != sent)
                {
                    await responseStream.WriteAsync(new HealthCheckResponse { Status = current }, token).ConfigureAwait(false);
                    sent = current;
                }

                current = await watcher.Updates.Reader.ReadAsync(token).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _watchers.Remove(watcher);
            }
        }
    }

    // Caller holds _gate, so updates reach each watcher in the order they were made.
    private void Notify(string service, ServingStatus status)
    {
        foreach (var watcher in _watchers)
        {
            if (watcher.Service == service)
            {
                watcher.Updates.Writer.TryWrite(status);
            }
        }
    }

    private sealed class Watcher(string service)
    {
        public string Service { get; } = service;

        public Channel<ServingStatus> Updates { get; } =
            Channel.CreateUnbounded<ServingStatus>(new UnboundedChannelOptions { SingleReader = true });
    }
}
