using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Hosting;

/// <summary>A running LocalSail server: the host, where it listens and the accounts it serves.</summary>
public sealed class LocalSailServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalSailServer(WebApplication app, Uri endpoint, IReadOnlyList<AccountCredentials> accounts)
    {
        _app = app;
        Endpoint = endpoint;
        Accounts = accounts;
    }

    /// <summary>The address both APIs answer on, e.g. http://127.0.0.1:4570/.</summary>
    public Uri Endpoint { get; }

    /// <summary>The first account: the one the console, the reset and the metrics belong to.</summary>
    public AccountCredentials Account => Accounts[0];

    /// <summary>Every account the server serves, the first one first, each with its own root key.</summary>
    public IReadOnlyList<AccountCredentials> Accounts { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Builds and starts the server; the returned task completes once it is listening.</summary>
    public static async Task<LocalSailServer> StartAsync(
        LocalSailOptions options,
        Action<IServiceCollection>? configureServices = null,
        Action<ILoggingBuilder>? configureLogging = null,
        CancellationToken cancellationToken = default)
    {
        // The empty builder: no configuration files, watchers or middleware the server does not use.
        // Options come from the command line and the environment; one terminal handler takes every request.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        configureLogging?.Invoke(builder.Logging);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Objects stream through; S3's own limits (5 GiB a PUT) are enforced by the data plane.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(ListenAddress(options.Host), options.Port);
        });
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.RunsRequestsInlineHere());
        builder.Services.AddLocalSail(options);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.RunLocalSail();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        var host = options.Host is "0.0.0.0" or "::" or "[::]" ? "127.0.0.1" : options.Host;
        var endpoint = new UriBuilder(bound) { Host = host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host }.Uri;
        return new LocalSailServer(app, endpoint, app.Services.GetRequiredService<ServedAccounts>().All);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static IPAddress ListenAddress(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? address
            : throw new LocalSailConfigurationException($"--host must be an IP address or localhost, not '{host}'.");
    }
}
