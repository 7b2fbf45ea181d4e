using System.Net;
using LocalSail.Client.Configuration;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;
using LocalSail.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>
/// ServiceException from a real server whose store fails: the client retries, then throws.
/// RegionSetupInProgressException, OperationFailureException and AccountSetupInProgressException are never
/// answered by LocalSail (it has no regions or accounts to set up and runs every operation to completion);
/// their mapping is covered by <see cref="ErrorMappingTests"/> with a fake handler.
/// </summary>
public sealed class ServiceExceptionTests(ServiceExceptionTests.FailingServer fixture) : IClassFixture<ServiceExceptionTests.FailingServer>
{
    [Fact]
    public async Task A_failing_store_is_a_service_exception_after_every_attempt()
    {
        var store = fixture.Server.GetService<FailingControlPlaneStore>();
        store.Reset(failures: int.MaxValue);
        var delays = new List<TimeSpan>();
        using var client = fixture.CreateClient(delays: delays);

        var error = await Expect.ErrorAsync<ServiceException>(
            () => client.GetOperationAsync(new GetOperationRequest { OperationId = "any-operation" }), "InternalError", HttpStatusCode.InternalServerError);

        // Three attempts (the client's default), with backoff between them.
        Assert.Equal(3, store.Calls);
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], delays);
        Assert.Equal($"The operation failed unexpectedly (request {error.RequestId}).", error.Message);
    }

    [Fact]
    public async Task A_store_that_recovers_is_retried_to_success()
    {
        var store = fixture.Server.GetService<FailingControlPlaneStore>();
        using var client = fixture.CreateClient();
        var created = await client.CreateBucketAsync(new CreateBucketRequest { BucketName = "e2e-service-retry", BundleId = "small_1_0" });
        store.Reset(failures: 2);

        var response = await client.GetOperationAsync(new GetOperationRequest { OperationId = created.Operations![0].Id });

        Assert.Equal(3, store.Calls);
        Expect.Operation(response.Operation, OperationType.CreateBucket, "e2e-service-retry");
    }

    [Fact]
    public async Task A_client_allowed_one_attempt_does_not_retry()
    {
        var store = fixture.Server.GetService<FailingControlPlaneStore>();
        store.Reset(failures: int.MaxValue);
        using var client = new LightsailClient(new LightsailClientOptions
        {
            Credentials = fixture.Server.RootCredentials,
            Region = "us-east-1",
            ServiceUrl = fixture.Server.Endpoint,
            Environment = AwsEnvironment.FromVariables(new Dictionary<string, string>()),
            MaxAttempts = 1,
        });

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetOperationAsync(new GetOperationRequest { OperationId = "any-operation" }));

        Assert.Equal(1, store.Calls);
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
    }

    /// <summary>A server whose store is wrapped in <see cref="FailingControlPlaneStore"/>.</summary>
    public sealed class FailingServer : ServerFixture
    {
        protected override void ConfigureServices(IServiceCollection services) => FailingControlPlaneStore.Register(services);
    }
}
