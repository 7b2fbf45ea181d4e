using LocalSail.Client.Configuration;
using LocalSail.Signing;
using LocalSail.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>One in-memory server on 127.0.0.1 shared by the tests of a class.</summary>
public class ServerFixture : IAsyncLifetime
{
    public RunningServer Server { get; private set; } = null!;

    /// <summary>The server's clock; the system's unless a derived fixture sets one.</summary>
    public virtual TimeProvider? Clock => null;

    public virtual async Task InitializeAsync() =>
        Server = await RunningServer.StartAsync(configure: o => o.InMemory = true, configureServices: ConfigureServices);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A client of this server signing with the account's root key, or with <paramref name="credentials"/>.</summary>
    public LightsailClient CreateClient(Credentials? credentials = null, TimeProvider? clock = null, List<TimeSpan>? delays = null) =>
        new(new LightsailClientOptions
        {
            Credentials = credentials ?? Server.RootCredentials,
            Region = "us-east-1",
            ServiceUrl = Server.Endpoint,
            Environment = AwsEnvironment.FromVariables(new Dictionary<string, string>()),
            TimeProvider = clock ?? Clock ?? TimeProvider.System,
            // Retries do not sleep; the waits they would take are recorded.
            Delay = (delay, _) =>
            {
                delays?.Add(delay);
                return Task.CompletedTask;
            },
            Jitter = () => 0.5,
        });

    protected virtual void ConfigureServices(IServiceCollection services)
    {
        if (Clock is { } clock)
        {
            services.AddSingleton(clock);
        }
    }
}
