using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Testing;

/// <summary>
/// The server's SQLite store, except that GetOperationAsync throws while failures are left, as a store that
/// lost its database would; it counts the calls to that method. <see cref="Register"/> puts it in a server.
/// </summary>
internal sealed class FailingControlPlaneStore(SqliteControlPlaneStore inner) : IControlPlaneStore
{
    private int _calls;
    private int _failuresLeft;

    /// <summary>Replaces the server's store with this one, reachable as a service of its own.</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<SqliteControlPlaneStore>();
        services.AddSingleton<FailingControlPlaneStore>();
        services.AddSingleton<IControlPlaneStore>(provider => provider.GetRequiredService<FailingControlPlaneStore>());
    }

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

    public Task<DeleteBucketResult> DeleteBucketAsync(ResourceScope scope, string bucketName, bool forceDelete, OperationRecord operation, CancellationToken cancellationToken) =>
        inner.DeleteBucketAsync(scope, bucketName, forceDelete, operation, cancellationToken);

    public Task<IReadOnlyList<string>> ListDeletedBucketsAsync(int limit, CancellationToken cancellationToken) =>
        inner.ListDeletedBucketsAsync(limit, cancellationToken);

    public Task RecordDeletedBucketAsync(string bucketId, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.RecordDeletedBucketAsync(bucketId, now, cancellationToken);

    public Task ForgetDeletedBucketAsync(string bucketId, CancellationToken cancellationToken) =>
        inner.ForgetDeletedBucketAsync(bucketId, cancellationToken);

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
