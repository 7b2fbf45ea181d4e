using LocalSail.Server.ControlPlane;
using LocalSail.Server.DataPlane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.Hosting;

/// <summary>
/// One port serves both APIs: a request is the Lightsail API's when it is a <c>POST /</c> that carries its
/// target, else S3's.
/// </summary>
public sealed class RequestRouter(LightsailEndpoint lightsail, S3Endpoint s3)
{
    public Task RouteAsync(HttpContext context) =>
        LightsailEndpoint.IsLightsailRequest(context.Request) ? lightsail.HandleAsync(context) : s3.HandleAsync(context);
}

public static class LocalSailApplicationBuilderExtensions
{
    /// <summary>Every request, whatever its path, goes to the router: there is nothing else to match.</summary>
    public static IApplicationBuilder RunLocalSail(this IApplicationBuilder app)
    {
        var router = app.ApplicationServices.GetRequiredService<RequestRouter>();
        app.Run(router.RouteAsync);
        return app;
    }
}
