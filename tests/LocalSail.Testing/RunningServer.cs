using LocalSail.Server.Hosting;
using LocalSail.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Testing;

/// <summary>
/// A real LocalSail server on 127.0.0.1, port 0, in its own data directory, for end-to-end tests.
/// Dispose stops it and removes its files unless the directory was given.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly bool _ownsDataDirectory;

    private RunningServer(LocalSailServer server, LocalSailOptions options, bool ownsDataDirectory)
    {
        Server = server;
        Options = options;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public LocalSailServer Server { get; }

    public LocalSailOptions Options { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Endpoint => Server.Endpoint;

    /// <summary>The endpoint without its trailing slash, as the AWS CLI and SDKs take it.</summary>
    public string EndpointUrl => Server.Endpoint.ToString().TrimEnd('/');

    public string DataDirectory => Options.ResolveDataDirectory();

    public Credentials RootCredentials => new(Server.Account.AccessKeyId, Server.Account.SecretAccessKey);

    public string AccountId => Server.Account.AccountId;

    public T GetService<T>()
        where T : notnull => Server.Services.GetRequiredService<T>();

    /// <summary>Starts a server; <paramref name="dataDirectory"/> reuses a directory (to test restarts).</summary>
    public static async Task<RunningServer> StartAsync(
        string? dataDirectory = null,
        Action<LocalSailOptions>? configure = null,
        Action<IServiceCollection>? configureServices = null,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? configureLogging = null)
    {
        var owns = dataDirectory is null;
        var options = new LocalSailOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "localsail-test-" + Guid.NewGuid().ToString("N")),
        };
        configure?.Invoke(options);
        var server = await LocalSailServer.StartAsync(options, configureServices, configureLogging);
        return new RunningServer(server, options, owns);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync();
        await Server.DisposeAsync();
        if (_ownsDataDirectory && Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }
}
