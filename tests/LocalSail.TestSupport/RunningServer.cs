using LocalSail.Server.Hosting;
using LocalSail.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Testing;

/// <summary>
/// A real LocalSail server on 127.0.0.1, port 0, in its own data directory on disk (unless configured in
/// memory), for end-to-end tests; started by the public <see cref="LocalSailTestServer"/>, so there is one way
/// to start a test server. Dispose stops it and removes its files unless the directory was given.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(LocalSailTestServer server) => TestServer = server;

    /// <summary>The public test server this one wraps.</summary>
    public LocalSailTestServer TestServer { get; }

    public LocalSailServer Server => TestServer.Server;

    public LocalSailOptions Options => TestServer.Options;

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri Endpoint => TestServer.Endpoint;

    /// <summary>The endpoint without its trailing slash, as the AWS CLI and SDKs take it.</summary>
    public string EndpointUrl => TestServer.EndpointUrl;

    public string DataDirectory => Options.ResolveDataDirectory();

    public Credentials RootCredentials => TestServer.RootCredentials;

    public string AccountId => TestServer.AccountId;

    /// <summary>The root key of another account the server serves (<see cref="LocalSailOptions.Accounts"/>).</summary>
    public Credentials RootCredentialsOf(string accountId) => TestServer.RootCredentialsOf(accountId);

    public T GetService<T>()
        where T : notnull => Server.Services.GetRequiredService<T>();

    /// <summary>Starts a server; <paramref name="dataDirectory"/> reuses a directory (to test restarts).</summary>
    public static async Task<RunningServer> StartAsync(
        string? dataDirectory = null,
        Action<LocalSailOptions>? configure = null,
        Action<IServiceCollection>? configureServices = null,
        Action<Microsoft.Extensions.Logging.ILoggingBuilder>? configureLogging = null) =>
        new(await LocalSailTestServer.StartAsync(new LocalSailTestServerOptions
        {
            Configure = options =>
            {
                options.InMemory = false;
                options.DataDirectory = dataDirectory;
                configure?.Invoke(options);
            },
            ConfigureServices = configureServices,
            ConfigureLogging = configureLogging,
        }));

    public ValueTask DisposeAsync() => TestServer.DisposeAsync();
}
