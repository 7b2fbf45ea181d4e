namespace LocalSail.Cli.Tests.Lightsail;

/// <summary>
/// localsail and the AWS CLI print the same bytes for a bucket that every mutating command has changed,
/// and the same error for every refusal.
/// </summary>
public sealed class AwsCliStateComparisonTests(AwsCliStateComparisonTests.ChangedBucket fixture) : IClassFixture<AwsCliStateComparisonTests.ChangedBucket>
{
    [Theory]
    [InlineData("get-buckets", "--bucket-name", "cli-changed")]
    [InlineData("get-buckets", "--bucket-name", "cli-changed", "--include-cors")]
    [InlineData("get-buckets", "--bucket-name", "cli-changed", "--include-connected-resources", "--output", "text")]
    [InlineData("get-buckets", "--bucket-name", "cli-changed", "--include-cors", "--output", "table")]
    [InlineData("get-bucket-bundles", "--include-inactive")]
    [InlineData("get-bucket-bundles", "--include-inactive", "--output", "text")]
    [InlineData("get-operations-for-resource", "--resource-name", "cli-changed", "--output", "text")]
    public async Task Prints_what_the_aws_cli_prints(params string[] args)
    {
        var ours = await CliRun.LocalSailAsync(fixture.Server, ["lightsail", .. args]);
        var theirs = await CliRun.AwsAsync(fixture.Server, args);

        Assert.Equal(0, theirs.Exit);
        Assert.Equal(0, ours.Exit);
        Assert.Equal(theirs.Stdout, ours.Stdout);
    }

    [Theory]
    [InlineData("InvalidInputException", "delete-bucket", "--bucket-name", "cli-changed")]
    [InlineData("InvalidInputException", "update-bucket-bundle", "--bucket-name", "cli-changed", "--bundle-id", "large_1_0")]
    [InlineData("InvalidInputException", "create-bucket-access-key", "--bucket-name", "cli-changed")]
    [InlineData("InvalidInputException", "create-bucket", "--bucket-name", "cli-changed", "--bundle-id", "small_1_0")]
    [InlineData("InvalidInputException", "update-bucket", "--bucket-name", "cli-changed", "--versioning", "Sometimes")]
    [InlineData("NotFoundException", "get-buckets", "--bucket-name", "cli-missing")]
    [InlineData("NotFoundException", "tag-resource", "--resource-name", "cli-missing", "--tags", "key=a,value=b")]
    public async Task Reports_a_refusal_as_the_aws_cli_does(string errorType, params string[] args)
    {
        var ours = await CliRun.LocalSailAsync(fixture.Server, ["lightsail", .. args]);
        var theirs = await CliRun.AwsAsync(fixture.Server, args);

        Assert.NotEqual(0, theirs.Exit);
        Assert.Equal(254, ours.Exit);
        Assert.Contains($"An error occurred ({errorType}) when calling", ours.Stderr, StringComparison.Ordinal);
        Assert.Equal(theirs.Stderr.Trim(), ours.Stderr.Trim());
        Assert.Empty(ours.Stdout);
    }

    /// <summary>A bucket changed by update-bucket in every member, tagged, given to an instance, on a new bundle, with two keys.</summary>
    public sealed class ChangedBucket : CliServerFixture
    {
        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            await LocalSailOkAsync("create-bucket", "--bucket-name", "cli-changed", "--bundle-id", "small_1_0", "--tags", "key=team,value=storage");
            await LocalSailOkAsync("create-bucket", "--bucket-name", "cli-changed-logs", "--bundle-id", "small_1_0");
            await LocalSailOkAsync(
                "update-bucket",
                "--bucket-name", "cli-changed",
                "--access-rules", "getObject=public,allowPublicOverrides=true",
                "--versioning", "Enabled",
                "--readonly-access-accounts", "111122223333", "444455556666",
                "--access-log-config", "enabled=true,destination=cli-changed-logs,prefix=logs/",
                "--cors", """{"rules":[{"id":"web","allowedMethods":["GET","PUT"],"allowedOrigins":["https://example.com"],"allowedHeaders":["*"],"exposeHeaders":["ETag"],"maxAgeSeconds":600}]}""");
            await LocalSailOkAsync("tag-resource", "--resource-name", "cli-changed", "--tags", "key=env,value=test", "key=flag");
            await LocalSailOkAsync("untag-resource", "--resource-name", "cli-changed", "--tag-keys", "team");
            await LocalSailOkAsync("set-resource-access-for-bucket", "--bucket-name", "cli-changed", "--resource-name", "web-1", "--access", "allow");
            await LocalSailOkAsync("update-bucket-bundle", "--bucket-name", "cli-changed", "--bundle-id", "medium_1_0");
            await LocalSailOkAsync("create-bucket-access-key", "--bucket-name", "cli-changed");
            await LocalSailOkAsync("create-bucket-access-key", "--bucket-name", "cli-changed");
        }
    }
}
