using System.Text.Json;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Keys;

public sealed class RotateCommandTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        Assert.Equal(0, (await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket", "--bucket-name", "rotate-bucket", "--bundle-id", "small_1_0")).Exit);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<List<string>> KeyIdsAsync()
    {
        var keys = await CliRun.LocalSailAsync(_server, "lightsail", "get-bucket-access-keys", "--bucket-name", "rotate-bucket");
        using var document = JsonDocument.Parse(keys.Stdout);
        return [.. document.RootElement.GetProperty("accessKeys").EnumerateArray().Select(k => k.GetProperty("accessKeyId").GetString()!)];
    }

    [Fact]
    public async Task Refuses_when_the_bucket_holds_two_keys_and_none_is_named()
    {
        await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");
        await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");
        var before = await KeyIdsAsync();

        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket");

        Assert.NotEqual(0, result.Exit);
        Assert.Contains("--delete-access-key-id", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
        Assert.Equal(before, await KeyIdsAsync());
    }

    [Fact]
    public async Task Refuses_a_named_key_the_bucket_does_not_hold()
    {
        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--delete-access-key-id", "AKIANOSUCHKEY0000000");

        Assert.NotEqual(0, result.Exit);
        Assert.Empty(await KeyIdsAsync());
    }

    [Fact]
    public async Task Keeps_the_old_key_and_removes_the_new_one_when_the_new_key_cannot_be_proven()
    {
        await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "rotate-bucket");
        var before = await KeyIdsAsync();

        // The proof goes to an S3 endpoint that refuses every request.
        var result = await CliRun.LocalSailAsync(_server, "keys", "rotate", "--bucket-name", "rotate-bucket", "--s3-endpoint-url", "http://127.0.0.1:1");

        Assert.Equal(255, result.Exit);
        Assert.Empty(result.Stdout);
        Assert.Contains($"The old key {before[0]} is untouched", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await KeyIdsAsync());
    }
}
