using LocalSail.Client.Configuration;
using LocalSail.Signing;

namespace LocalSail.Client.Tests;

internal static class TestClients
{
    public static readonly Credentials Key = new("AKIDEXAMPLE0000000000", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public static LightsailClient Create(FakeHandler handler, List<TimeSpan>? delays = null, int maxAttempts = 3) =>
        new(
            new LightsailClientOptions
            {
                Credentials = Key,
                Region = "us-east-1",
                ServiceUrl = new Uri("http://127.0.0.1:4570"),
                MaxAttempts = maxAttempts,
                Environment = AwsEnvironment.FromVariables(new Dictionary<string, string>()),
                Delay = (delay, _) =>
                {
                    delays?.Add(delay);
                    return Task.CompletedTask;
                },
                Jitter = () => 0.5,
            },
            handler);
}
