using System.Text.RegularExpressions;
using LocalSail.Lightsail.Model;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Lightsail;

/// <summary>The errors of authentication and authorization, printed as the AWS CLI prints them.</summary>
public sealed class ErrorCommandTests(CliServerFixture fixture) : IClassFixture<CliServerFixture>
{
    private static async Task AssertSameErrorAsync(RunningServer server, Credentials credentials, string errorType, params string[] args)
    {
        var ours = await CliRun.LocalSailAsync(server, credentials, ["lightsail", .. args]);
        var theirs = await CliRun.AwsAsync(server, credentials, args);

        Assert.NotEqual(0, theirs.Exit);
        Assert.Equal(254, ours.Exit);
        Assert.Contains($"An error occurred ({errorType}) when calling", ours.Stderr, StringComparison.Ordinal);
        Assert.Equal(theirs.Stderr.Trim(), ours.Stderr.Trim());
        Assert.Empty(ours.Stdout);
    }

    [Fact]
    public async Task A_wrong_secret_is_unauthenticated() =>
        await AssertSameErrorAsync(
            fixture.Server,
            new Credentials(fixture.Server.RootCredentials.AccessKeyId, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            "UnauthenticatedException",
            "get-bucket-bundles");

    [Fact]
    public async Task A_bucket_access_key_is_denied()
    {
        using var client = fixture.CreateClient();
        await client.CreateBucketAsync(new CreateBucketRequest { BucketName = "cli-denied", BundleId = "small_1_0" });
        var key = (await client.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = "cli-denied" })).AccessKey!;

        await AssertSameErrorAsync(fixture.Server, new Credentials(key.AccessKeyId!, key.SecretAccessKey!), "AccessDeniedException", "get-buckets", "--bucket-name", "cli-denied");
    }
}

/// <summary>A server whose store fails: localsail retries, then reports the ServiceException.</summary>
public sealed partial class ServiceErrorCommandTests(ServiceErrorCommandTests.FailingServer fixture) : IClassFixture<ServiceErrorCommandTests.FailingServer>
{
    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RequestId();

    [Fact]
    public async Task A_failing_server_is_a_service_error_after_three_attempts_as_the_aws_cli_reports_it()
    {
        var store = fixture.Server.GetService<FailingControlPlaneStore>();
        store.Reset(failures: int.MaxValue);

        var ours = await CliRun.LocalSailAsync(fixture.Server, "lightsail", "get-operation", "--operation-id", "any-operation");

        Assert.Equal(254, ours.Exit);
        Assert.Empty(ours.Stdout);
        Assert.Equal(3, store.Calls);
        Assert.Equal(
            "\nAn error occurred (ServiceException) when calling the GetOperation operation (reached max retries: 2): The operation failed unexpectedly (request REQUEST-ID).\n",
            RequestId().Replace(ours.Stderr, "REQUEST-ID"));

        // The AWS CLI v2 makes three attempts by default; v1 is told to. The request ids differ, the rest does not.
        store.Reset(failures: int.MaxValue);
        var theirs = await CliRun.AwsAsync(
            fixture.Server,
            fixture.Server.RootCredentials,
            new Dictionary<string, string> { ["AWS_MAX_ATTEMPTS"] = "3" },
            "get-operation",
            "--operation-id",
            "any-operation");
        Assert.Equal(3, store.Calls);
        Assert.Equal(RequestId().Replace(theirs.Stderr, "REQUEST-ID").Trim(), RequestId().Replace(ours.Stderr, "REQUEST-ID").Trim());
    }

    public sealed class FailingServer : CliServerFixture
    {
        public override async Task InitializeAsync() =>
            Server = await RunningServer.StartAsync(configure: o => o.InMemory = true, configureServices: FailingControlPlaneStore.Register);
    }
}
