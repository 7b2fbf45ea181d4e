using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// S3's CreateBucket (<c>aws s3 mb</c>, <c>rclone mkdir</c>): Lightsail buckets are made with the Lightsail
/// API, so the answer says how. A bucket that already exists answers as S3 does, which is what tools that
/// "make sure the bucket exists" before they upload expect. The endpoint hands this handler the bucket
/// whether or not it exists, and whoever owns it.
/// </summary>
internal sealed class CreateBucketHandler : IS3Handler
{
    public S3Operation Operation => S3Operation.CreateBucket;

    public Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var bucket = context.BucketRecord;
        if (bucket is null)
        {
            return Task.FromResult<S3Error?>(S3Error.NotImplemented.WithMessage(
                $"Buckets are created with the Lightsail API, not with S3's CreateBucket. Run: aws lightsail create-bucket --bucket-name {context.Route.Bucket} --bundle-id small_1_0 --endpoint-url {EndpointOf(context)}"));
        }

        return Task.FromResult<S3Error?>(context.Principal is { } principal && principal.CanAccessBucket(bucket.Scope.AccountId, bucket.Name)
            ? S3Error.BucketAlreadyOwnedByYou.With("BucketName", bucket.Name)
            : S3Error.BucketAlreadyExists.With("BucketName", bucket.Name));
    }

    internal static string EndpointOf(S3RequestContext context) => $"{context.Request.Scheme}://{context.Request.Host.Value}";
}

/// <summary>S3's DeleteBucket (<c>aws s3 rb</c>): Lightsail buckets are deleted with the Lightsail API, and the answer says how.</summary>
internal sealed class DeleteBucketHandler : IS3Handler
{
    public S3Operation Operation => S3Operation.DeleteBucket;

    public Task<S3Error?> HandleAsync(S3RequestContext context) =>
        Task.FromResult<S3Error?>(S3Error.NotImplemented.WithMessage(
            $"Buckets are deleted with the Lightsail API, not with S3's DeleteBucket. Run: aws lightsail delete-bucket --bucket-name {context.Bucket.Name} --endpoint-url {CreateBucketHandler.EndpointOf(context)}"));
}
