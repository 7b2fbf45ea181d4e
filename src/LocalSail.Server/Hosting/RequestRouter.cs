using LocalSail.Server.ControlPlane;
using LocalSail.Server.DataPlane;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.Hosting;

/// <summary>One port serves both APIs: a request is the Lightsail API's when it carries its target, else S3's.</summary>
public sealed class RequestRouter(LightsailEndpoint lightsail, S3Endpoint s3)
{
    public Task RouteAsync(HttpContext context) =>
        LightsailEndpoint.IsLightsailRequest(context.Request) ? lightsail.HandleAsync(context) : s3.HandleAsync(context);
}

public static class LocalSailEndpointRouteBuilderExtensions
{
    public static IEndpointConventionBuilder MapLocalSail(this IEndpointRouteBuilder endpoints)
    {
        var router = endpoints.ServiceProvider.GetRequiredService<RequestRouter>();
        return endpoints.MapFallback(router.RouteAsync);
    }
}
