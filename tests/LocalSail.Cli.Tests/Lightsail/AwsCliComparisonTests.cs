using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Lightsail;

/// <summary>The same calls through localsail and through the AWS CLI print the same bytes.</summary>
public sealed class AwsCliComparisonTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        var created = await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket", "--bucket-name", "compare-bucket", "--bundle-id", "small_1_0", "--tags", "key=team,value=storage");
        Assert.Equal(0, created.Exit);
        var key = await CliRun.LocalSailAsync(_server, "lightsail", "create-bucket-access-key", "--bucket-name", "compare-bucket");
        Assert.Equal(0, key.Exit);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("get-buckets")]
    [InlineData("get-buckets", "--output", "text")]
    [InlineData("get-buckets", "--output", "table")]
    [InlineData("get-buckets", "--bucket-name", "compare-bucket", "--include-connected-resources")]
    [InlineData("get-bucket-bundles")]
    [InlineData("get-bucket-bundles", "--output", "table")]
    [InlineData("get-bucket-access-keys", "--bucket-name", "compare-bucket")]
    [InlineData("get-bucket-access-keys", "--bucket-name", "compare-bucket", "--output", "text")]
    [InlineData("get-operations")]
    [InlineData("get-operations-for-resource", "--resource-name", "compare-bucket")]
    [InlineData("get-bucket-metric-data", "--bucket-name", "compare-bucket", "--metric-name", "NumberOfObjects", "--start-time", "2024-01-01T00:00:00Z", "--end-time", "2030-01-01T00:00:00Z", "--period", "3600", "--statistics", "Sum", "Average", "--unit", "Count")]
    public async Task Prints_what_the_aws_cli_prints(params string[] args)
    {
        var ours = await CliRun.LocalSailAsync(_server, ["lightsail", .. args]);
        var theirs = await CliRun.AwsAsync(_server, args);

        Assert.Equal(0, theirs.Exit);
        Assert.Equal(0, ours.Exit);
        Assert.Equal(theirs.Stdout, ours.Stdout);
    }

    [Theory]
    [InlineData("get-bucket-access-keys", "--bucket-name", "missing-bucket")]
    [InlineData("delete-bucket-access-key", "--bucket-name", "compare-bucket", "--access-key-id", "AKIANOSUCHKEY0000000")]
    [InlineData("get-operation", "--operation-id", "no-such-operation")]
    public async Task Reports_service_errors_as_the_aws_cli_does(params string[] args)
    {
        var ours = await CliRun.LocalSailAsync(_server, ["lightsail", .. args]);
        var theirs = await CliRun.AwsAsync(_server, args);

        // AWS CLI v1 exits 255 for service errors; the contract (AWS CLI v2) says 254.
        Assert.NotEqual(0, theirs.Exit);
        Assert.Equal(254, ours.Exit);
        Assert.Equal(theirs.Stderr.Trim(), ours.Stderr.Trim());
        Assert.Empty(ours.Stdout);
    }

    [Fact]
    public async Task Refuses_input_that_fails_validation_before_calling()
    {
        var ours = await CliRun.LocalSailAsync(_server, "lightsail", "get-bucket-access-keys", "--bucket-name", "ab");
        var theirs = await CliRun.AwsAsync(_server, "get-bucket-access-keys", "--bucket-name", "ab");

        Assert.Equal(252, ours.Exit);
        Assert.Equal(theirs.Stderr.Trim(), ours.Stderr.Trim());
    }
}
