using LocalSail.Client;
using LocalSail.Client.Configuration;
using LocalSail.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Cli.Tests.Lightsail;

/// <summary>
/// One in-memory server shared by the tests of a class. Its clock stands still at the moment it started,
/// so that everything it stamps (and its once-a-month bundle rule) reads the same for every command.
/// </summary>
public class CliServerFixture : IAsyncLifetime
{
    public RunningServer Server { get; protected set; } = null!;

    public virtual async Task InitializeAsync() =>
        Server = await RunningServer.StartAsync(
            configure: o => o.InMemory = true,
            configureServices: services => services.AddSingleton<TimeProvider>(new ManualClock(DateTimeOffset.UtcNow)));

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>The typed client, to look at what a command changed.</summary>
    public LightsailClient CreateClient() => new(new LightsailClientOptions
    {
        Credentials = Server.RootCredentials,
        Region = "us-east-1",
        ServiceUrl = Server.Endpoint,
        Environment = AwsEnvironment.FromVariables(new Dictionary<string, string>()),
    });

    /// <summary>Runs localsail and fails unless it exits 0.</summary>
    public async Task<string> LocalSailOkAsync(params string[] args)
    {
        var result = await CliRun.LocalSailAsync(Server, ["lightsail", .. args]);
        Assert.True(result.Exit == 0, $"localsail lightsail {string.Join(' ', args)} exited {result.Exit}: {result.Stderr}");
        return result.Stdout;
    }
}
