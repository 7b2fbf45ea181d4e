using System.Diagnostics;
using LocalSail.Server.ControlPlane;
using LocalSail.Server.DataPlane;
using LocalSail.Server.Operator;
using LocalSail.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.Hosting;

/// <summary>
/// One port serves both APIs: a request is the Lightsail API's when it is a <c>POST /</c> that carries its
/// target, else S3's. Once it is answered, the observers are told what it was. Before either, a path under
/// <c>/_localsail/</c> (never a bucket's) goes to the operator surface; those requests are no API's and are
/// not observed. On a store other processes share, each request reads the control plane's version once, whatever
/// it looks up (<see cref="SharedControlPlaneVersion.BeginRequest"/>).
/// </summary>
internal sealed class RequestRouter(
    LightsailEndpoint lightsail, S3Endpoint s3, OperatorEndpoint operatorSurface, IEnumerable<IRequestObserver> observers, ControlPlaneChanges changes)
{
    private readonly IRequestObserver[] _observers = [.. observers];
    private readonly SharedControlPlaneVersion? _sharedVersion = changes.SharedVersion;

    public Task RouteAsync(HttpContext context)
    {
        ExpectContinue.Watch(context);
        return _sharedVersion is null ? RouteCoreAsync(context) : RouteVersionedAsync(context, _sharedVersion);
    }

    private Task RouteCoreAsync(HttpContext context) =>
        operatorSurface.Claims(context.Request) ? operatorSurface.HandleAsync(context)
            : _observers.Length == 0 ? DispatchAsync(context) : RouteObservedAsync(context);

    // Async so that the request's scope ends with it and never reaches the connection's next request.
    private async Task RouteVersionedAsync(HttpContext context, SharedControlPlaneVersion sharedVersion)
    {
        using var scope = sharedVersion.BeginRequest();
        await RouteCoreAsync(context);
    }

    private Task DispatchAsync(HttpContext context) =>
        LightsailEndpoint.IsLightsailRequest(context.Request) ? lightsail.HandleAsync(context) : s3.HandleAsync(context);

    private async Task RouteObservedAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var summary = RequestSummary.Of(context);
        summary.ArrivedTimestamp = started;
        try
        {
            await DispatchAsync(context);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            foreach (var observer in _observers)
            {
                observer.OnCompleted(context, summary, elapsed);
            }
        }
    }
}

internal static class LocalSailApplicationBuilderExtensions
{
    /// <summary>Every request, whatever its path, goes to the router: there is nothing else to match.</summary>
    public static IApplicationBuilder RunLocalSail(this IApplicationBuilder app)
    {
        var router = app.ApplicationServices.GetRequiredService<RequestRouter>();
        app.Run(router.RouteAsync);
        return app;
    }
}
