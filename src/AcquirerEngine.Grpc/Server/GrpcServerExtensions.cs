using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcquirerEngine.Grpc;

/// <summary>Plugs a <see cref="GrpcServiceRegistry"/> into an ASP.NET Core pipeline.</summary>
public static class GrpcServerExtensions
{
    private const string LoggerCategory = "AcquirerEngine.Grpc.Server";

    /// <summary>
    /// Adds middleware that serves every registered method and answers any other request with a gRPC
    /// content type (unknown method: UNIMPLEMENTED, Trailers-Only). Requests that are neither pass through.
    /// Freezes the registry.
    /// </summary>
    public static IApplicationBuilder UseGrpcServices(
        this IApplicationBuilder app,
        GrpcServiceRegistry registry,
        GrpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        var dispatcher = CreateDispatcher(app.ApplicationServices, registry, options);
        return app.Use(next => http =>
        {
            if (!dispatcher.IsGrpcRequest(http))
            {
                return next(http);
            }

            registry.TryGetMethod(http.Request.Path.Value, out var method);
            return dispatcher.DispatchAsync(http, method);
        });
    }

    /// <summary>
    /// Maps one endpoint per registered method (so routing-aware middleware such as authorization sees
    /// them), plus a lowest-priority "/{service}/{method}" endpoint that answers unknown gRPC methods
    /// with UNIMPLEMENTED and anything else with 404. Freezes the registry.
    /// </summary>
    public static IEndpointConventionBuilder MapGrpcServices(
        this IEndpointRouteBuilder endpoints,
        GrpcServiceRegistry registry,
        GrpcServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var dispatcher = CreateDispatcher(endpoints.ServiceProvider, registry, options);
        var builders = new List<IEndpointConventionBuilder>();
        foreach (var (route, method) in registry.Methods)
        {
            // Any HTTP method is routed here so that a GET is told "use POST" rather than a bare 405/404.
            builders.Add(endpoints.Map(route, http => dispatcher.DispatchAsync(http, method)).WithDisplayName("gRPC " + route));
        }

        var unknown = endpoints.Map("/{grpcService}/{grpcMethod}", http =>
        {
            if (!GrpcProtocol.LooksLikeGrpc(http.Request.ContentType))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return dispatcher.DispatchAsync(http, null);
        });
        unknown.Add(b =>
        {
            if (b is RouteEndpointBuilder route)
            {
                route.Order = int.MaxValue;
            }
        });
        unknown.WithDisplayName("gRPC unimplemented");
        builders.Add(unknown);
        return new CompositeConventionBuilder(builders);
    }

    private static GrpcServerDispatcher CreateDispatcher(
        IServiceProvider services,
        GrpcServiceRegistry registry,
        GrpcServerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Freeze();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory) ?? NullLogger.Instance;
        return new GrpcServerDispatcher(registry, options ?? new GrpcServerOptions(), logger);
    }

    /// <summary>Applies conventions (e.g. RequireAuthorization) to every gRPC endpoint at once.</summary>
    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }
    }
}
