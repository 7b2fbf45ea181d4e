using LocalSail.Testing;

namespace LocalSail.Server.Tests.EndToEnd;

/// <summary>boto3 drives the whole life of a bucket and its keys: botocore signs, serializes and parses every call.</summary>
public sealed class Boto3LightsailTests
{
    [Fact]
    public async Task A_bucket_and_its_keys_live_and_die_as_the_documents_say()
    {
        await using var server = await RunningServer.StartAsync();
        var script = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Scripts", "lightsail_lifecycle.py");
        var result = await ExternalProcess.RunAsync(
            "python3",
            [script, server.EndpointUrl, "lifecycle-bucket"],
            ExternalProcess.AwsEnvironment(server.RootCredentials.AccessKeyId, server.RootCredentials.SecretAccessKey));

        Assert.True(result.ExitCode == 0 && result.StandardOutput.Trim() == "OK", result.ToString());
    }
}
