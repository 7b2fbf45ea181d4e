using System.Net;
using LocalSail.Client.Configuration;
using LocalSail.Client.Errors;
using LocalSail.Client.Model;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Sqlite;
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
        var store = fixture.Server.GetService<FailingStore>();
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
        var store = fixture.Server.GetService<FailingStore>();
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
        var store = fixture.Server.GetService<FailingStore>();
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

    /// <summary>A server whose store is wrapped in <see cref="FailingStore"/>.</summary>
    public sealed class FailingServer : ServerFixture
    {
        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton<SqliteControlPlaneStore>();
            services.AddSingleton<FailingStore>();
            services.AddSingleton<IControlPlaneStore>(provider => provider.GetRequiredService<FailingStore>());
        }
    }

    /// <summary>The real store, except that GetOperationAsync throws while failures are left; it counts its calls.</summary>
    public sealed class FailingStore(SqliteControlPlaneStore inner) : IControlPlaneStore
    {
        private int _calls;
        private int _failuresLeft;

        public int Calls => Volatile.Read(ref _calls);

        public void Reset(int failures)
        {
            Volatile.Write(ref _calls, 0);
            Volatile.Write(ref _failuresLeft, failures);
        }

        public Task<OperationRecord?> GetOperationAsync(ResourceScope scope, string operationId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Interlocked.Decrement(ref _failuresLeft) >= 0
                ? throw new InvalidOperationException("The database is unavailable.")
                : inner.GetOperationAsync(scope, operationId, cancellationToken);
        }

        public Task<CreateBucketOutcome> CreateBucketAsync(BucketRecord bucket, OperationRecord operation, CancellationToken cancellationToken) =>
            inner.CreateBucketAsync(bucket, operation, cancellationToken);

        public Task<BucketRecord?> GetBucketAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken) =>
            inner.GetBucketAsync(scope, bucketName, cancellationToken);

        public Task<BucketRecord?> FindBucketAsync(string bucketName, CancellationToken cancellationToken) =>
            inner.FindBucketAsync(bucketName, cancellationToken);

        public Task<IReadOnlyList<BucketRecord>> ListBucketsAsync(ResourceScope scope, string? afterName, int limit, CancellationToken cancellationToken) =>
            inner.ListBucketsAsync(scope, afterName, limit, cancellationToken);

        public Task<UpdateBucketOutcome> UpdateBucketAsync(ResourceScope scope, string bucketName, Func<BucketRecord, BucketChange> change, CancellationToken cancellationToken) =>
            inner.UpdateBucketAsync(scope, bucketName, change, cancellationToken);

        public Task<DeleteBucketOutcome> DeleteBucketAsync(ResourceScope scope, string bucketName, bool forceDelete, OperationRecord operation, CancellationToken cancellationToken) =>
            inner.DeleteBucketAsync(scope, bucketName, forceDelete, operation, cancellationToken);

        public Task<CreateAccessKeyOutcome> CreateAccessKeyAsync(AccessKeyRecord key, int maxKeysPerBucket, OperationRecord operation, CancellationToken cancellationToken) =>
            inner.CreateAccessKeyAsync(key, maxKeysPerBucket, operation, cancellationToken);

        public Task<IReadOnlyList<AccessKeyRecord>> ListAccessKeysAsync(ResourceScope scope, string bucketName, CancellationToken cancellationToken) =>
            inner.ListAccessKeysAsync(scope, bucketName, cancellationToken);

        public Task<bool> DeleteAccessKeyAsync(ResourceScope scope, string bucketName, string accessKeyId, OperationRecord operation, CancellationToken cancellationToken) =>
            inner.DeleteAccessKeyAsync(scope, bucketName, accessKeyId, operation, cancellationToken);

        public Task<AccessKeyRecord?> FindAccessKeyAsync(string accessKeyId, CancellationToken cancellationToken) =>
            inner.FindAccessKeyAsync(accessKeyId, cancellationToken);

        public Task RecordAccessKeyUseAsync(IReadOnlyCollection<KeyValuePair<string, AccessKeyUse>> uses, CancellationToken cancellationToken) =>
            inner.RecordAccessKeyUseAsync(uses, cancellationToken);

        public Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(ResourceScope scope, string? resourceName, int offset, int limit, CancellationToken cancellationToken) =>
            inner.ListOperationsAsync(scope, resourceName, offset, limit, cancellationToken);
    }
}
