using LocalSail.Client;
using LocalSail.Client.Configuration;

namespace LocalSail.Cli.Lightsail;

/// <summary>What the commands take from the outside world; tests replace the environment and the network.</summary>
public sealed class LightsailCommandServices
{
    /// <summary>Environment variables and home directory; the process's when null.</summary>
    public AwsEnvironment? Environment { get; init; }

    /// <summary>Sends the HTTP requests; the shared pooled client when null.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Adjusts each client's options after the command line has set them (retries, clock).</summary>
    public Action<LightsailClientOptions>? ConfigureClient { get; init; }

    /// <summary>Waits between attempts (such as proofs of a new key); tests pass one that does not sleep.</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    /// <summary>Answers to questions a command asks (such as reset's confirmation); the terminal when null.</summary>
    public TextReader? Input { get; init; }

    internal AwsEnvironment ResolvedEnvironment => Environment ?? AwsEnvironment.Process;

    internal LightsailClient CreateClient(GlobalOptionValues globals)
    {
        var options = new LightsailClientOptions
        {
            Region = globals.Region,
            Profile = globals.Profile,
            ServiceUrl = globals.EndpointUrl,
            Environment = ResolvedEnvironment,
        };
        ConfigureClient?.Invoke(options);
        return HttpHandler is null ? new LightsailClient(options) : new LightsailClient(options, HttpHandler);
    }
}
