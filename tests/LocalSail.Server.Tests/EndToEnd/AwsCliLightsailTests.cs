using System.Text.Json;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.EndToEnd;

/// <summary>The AWS CLI v1, changed only by --endpoint-url.</summary>
public sealed class AwsCliLightsailTests
{
    [Fact]
    public async Task The_cli_creates_lists_and_deletes_buckets_and_keys()
    {
        await using var server = await RunningServer.StartAsync();
        var env = ExternalProcess.AwsEnvironment(server.RootCredentials.AccessKeyId, server.RootCredentials.SecretAccessKey);

        async Task<JsonElement> Aws(params string[] args)
        {
            var result = await ExternalProcess.RunAsync("aws", ["lightsail", .. args, "--endpoint-url", server.EndpointUrl, "--output", "json"], env);
            Assert.True(result.ExitCode == 0, result.ToString());
            return result.StandardOutput.Length == 0 ? default : JsonDocument.Parse(result.StandardOutput).RootElement;
        }

        var bucket = await Aws("create-bucket", "--bucket-name", "cli-bucket", "--bundle-id", "small_1_0");
        Assert.Equal("cli-bucket", bucket.GetProperty("bucket").GetProperty("name").GetString());

        var key = await Aws("create-bucket-access-key", "--bucket-name", "cli-bucket");
        var keyId = key.GetProperty("accessKey").GetProperty("accessKeyId").GetString()!;
        Assert.Equal(40, key.GetProperty("accessKey").GetProperty("secretAccessKey").GetString()!.Length);

        var keys = await Aws("get-bucket-access-keys", "--bucket-name", "cli-bucket");
        var listed = Assert.Single(keys.GetProperty("accessKeys").EnumerateArray());
        Assert.Equal(keyId, listed.GetProperty("accessKeyId").GetString());
        Assert.False(listed.TryGetProperty("secretAccessKey", out _));
        Assert.Equal("N/A", listed.GetProperty("lastUsed").GetProperty("serviceName").GetString());

        var operationId = (await Aws("delete-bucket-access-key", "--bucket-name", "cli-bucket", "--access-key-id", keyId))
            .GetProperty("operations")[0].GetProperty("id").GetString()!;
        var operation = await Aws("get-operation", "--operation-id", operationId);
        Assert.Equal("DeleteBucketAccessKey", operation.GetProperty("operation").GetProperty("operationType").GetString());

        await Aws("delete-bucket", "--bucket-name", "cli-bucket");
        var buckets = await Aws("get-buckets");
        Assert.Empty(buckets.GetProperty("buckets").EnumerateArray());
    }

    [Fact]
    public async Task The_cli_reports_a_missing_bucket_as_a_not_found_service_error()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var env = ExternalProcess.AwsEnvironment(server.RootCredentials.AccessKeyId, server.RootCredentials.SecretAccessKey);
        var result = await ExternalProcess.RunAsync("aws", ["lightsail", "get-bucket-access-keys", "--bucket-name", "absent", "--endpoint-url", server.EndpointUrl], env);

        Assert.Equal(255, result.ExitCode); // AWS CLI v1 exits 255 on a service error
        Assert.Contains("NotFoundException", result.StandardError);
        Assert.Contains("DoesNotExist", result.StandardError);
    }
}
