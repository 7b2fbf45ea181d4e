using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// A web page of an origin of its own: a small web server on 127.0.0.1 and another free port, serving one empty
/// page, so that a browser's script there calls the S3 endpoint across origins.
/// </summary>
public sealed class CrossOriginPage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CrossOriginPage(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>http://127.0.0.1:PORT, the page's origin (no trailing slash, as a browser sends it).</summary>
    public Uri Origin { get; }

    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    public static async Task<CrossOriginPage> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!doctype html><html><head><title>app</title></head><body>app</body></html>", "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CrossOriginPage(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
