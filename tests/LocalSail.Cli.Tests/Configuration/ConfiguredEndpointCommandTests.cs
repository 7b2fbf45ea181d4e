using System.CommandLine;
using System.Text.Json;
using LocalSail.Cli.Keys;
using LocalSail.Cli.Lightsail;
using LocalSail.Client.Configuration;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Configuration;

/// <summary>
/// Without <c>--endpoint-url</c>, localsail finds LocalSail where the AWS CLI does: the endpoint variables and
/// the config file. Each case runs the real AWS CLI with the same setup beside it.
/// </summary>
public sealed class ConfiguredEndpointCommandTests : IAsyncLifetime, IDisposable
{
    private const string Unreachable = "http://127.0.0.1:1";
    private readonly string _config = Path.GetTempFileName();
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        using var lightsail = new LightsailCaller(_server.Endpoint, _server.RootCredentials);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"configured-bucket","bundleId":"small_1_0"}""");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => File.Delete(_config);

    private Dictionary<string, string> Environment(Dictionary<string, string> more)
    {
        var variables = ExternalProcess.AwsEnvironment(_server.RootCredentials.AccessKeyId, _server.RootCredentials.SecretAccessKey);
        variables["AWS_CONFIG_FILE"] = _config;
        foreach (var (name, value) in more)
        {
            variables[name] = value;
        }

        return variables;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> LocalSailAsync(Dictionary<string, string> environment, params string[] args)
    {
        var services = new LightsailCommandServices { Environment = AwsEnvironment.FromVariables(environment), Delay = (_, _) => Task.CompletedTask };
        var root = new RootCommand { LightsailCommand.Create(services), KeysCommand.Create(services) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLineRunner.RunAsync(root, args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Both tools list the server's bucket with this setup, and print the same.</summary>
    private async Task AssertBothReachTheServerAsync(string config, Dictionary<string, string> variables)
    {
        await File.WriteAllTextAsync(_config, config.Replace("{endpoint}", _server.EndpointUrl, StringComparison.Ordinal));
        var environment = Environment(variables);

        var aws = await ExternalProcess.RunAsync("aws", ["lightsail", "get-buckets"], environment);
        var ours = await LocalSailAsync(environment, "lightsail", "get-buckets");

        Assert.True(aws.ExitCode == 0, aws.ToString());
        Assert.True(ours.Exit == 0, ours.Stderr);
        Assert.Equal(aws.StandardOutput, ours.Stdout);
        using var buckets = JsonDocument.Parse(ours.Stdout);
        Assert.Equal("configured-bucket", Assert.Single(buckets.RootElement.GetProperty("buckets").EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public Task The_lightsail_variable_wins_over_the_global_one() =>
        AssertBothReachTheServerAsync(string.Empty, new() { ["AWS_ENDPOINT_URL"] = Unreachable, ["AWS_ENDPOINT_URL_LIGHTSAIL"] = _server.EndpointUrl });

    [Fact]
    public Task The_global_variable_serves_lightsail() =>
        AssertBothReachTheServerAsync(string.Empty, new() { ["AWS_ENDPOINT_URL"] = _server.EndpointUrl });

    [Fact]
    public Task The_profiles_services_section_names_the_lightsail_endpoint() =>
        AssertBothReachTheServerAsync(
            """
            [profile local]
            services = localsail
            endpoint_url = http://127.0.0.1:1

            [services localsail]
            lightsail =
              endpoint_url = {endpoint}
            """,
            new() { ["AWS_PROFILE"] = "local" });

    [Fact]
    public Task The_profiles_endpoint_url_serves_lightsail() =>
        AssertBothReachTheServerAsync("[default]\nendpoint_url = {endpoint}\n", []);

    [Fact]
    public async Task Rotate_proves_the_new_key_at_the_lightsail_endpoint_when_no_s3_endpoint_is_configured()
    {
        var environment = Environment(new() { ["AWS_ENDPOINT_URL_LIGHTSAIL"] = _server.EndpointUrl });

        var rotated = await LocalSailAsync(environment, "keys", "rotate", "--bucket-name", "configured-bucket");

        Assert.True(rotated.Exit == 0, rotated.Stderr);
        Assert.Contains("works; there was no old key to delete", rotated.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_proves_the_new_key_at_AWS_ENDPOINT_URL_S3()
    {
        var environment = Environment(new() { ["AWS_ENDPOINT_URL_LIGHTSAIL"] = _server.EndpointUrl, ["AWS_ENDPOINT_URL_S3"] = Unreachable });

        var rotated = await LocalSailAsync(environment, "keys", "rotate", "--bucket-name", "configured-bucket");

        Assert.Equal(ExitCodes.OtherError, rotated.Exit);
        Assert.Contains($"S3 could not be reached at {Unreachable}/configured-bucket", rotated.Stderr, StringComparison.Ordinal);
        var keys = await LocalSailAsync(environment, "lightsail", "get-bucket-access-keys", "--bucket-name", "configured-bucket");
        Assert.Contains("\"accessKeys\": []", keys.Stdout, StringComparison.Ordinal);
    }
}
