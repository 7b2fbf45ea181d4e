namespace LocalSail.Server.DataPlane.Pipeline;

/// <summary>
/// The authorize stage: whether whoever signed (or nobody) may act on the bucket the request names, and in
/// which region: the owner's keys as their scope allows, another account's root key for reads where the bucket
/// lists that account (<see cref="ReadonlyAccess"/>). Finds the bucket (<see cref="S3RequestContext.BucketRecord"/>);
/// a signature without a region (the older presigned form) takes the bucket's, and a signature for another region
/// is refused naming the bucket's, as S3 does.
/// </summary>
internal sealed class S3Authorization(IBucketDirectory buckets)
{
    public async ValueTask<S3Error?> AuthorizeAsync(S3RequestContext context)
    {
        var route = context.Route;
        if (context.IsAnonymous && route.Operation is not (S3Operation.GetObject or S3Operation.HeadObject))
        {
            // Only reading an object can be anonymous, and only where the bucket makes it public (the handler's to check).
            return S3Error.AccessDenied;
        }

        if (route.Bucket is null)
        {
            return null;
        }

        var principal = context.Principal;
        if (principal is { IsAccountRoot: false } && (principal.BucketName != route.Bucket || IsBucketConfiguration(route.Operation)))
        {
            // A bucket key reaches its bucket's objects; the bucket's configuration is the account root's.
            return S3Error.AccessDenied;
        }

        var bucket = await buckets.FindAsync(route.Bucket, context.Aborted);
        if (route.Operation == S3Operation.CreateBucket)
        {
            // Whether the bucket exists, and whose it is, is the answer itself.
            context.BucketRecord = bucket;
            return null;
        }

        if (bucket is null)
        {
            return S3Error.NoSuchBucket.With("BucketName", route.Bucket);
        }

        // The owner's keys pass on the first test; only another account's root key is looked up in the bucket's readers.
        if (principal is not null && !principal.CanAccessBucket(bucket.Scope.AccountId, bucket.Name)
            && !(ReadonlyAccess.IsRead(route.Operation) && ReadonlyAccess.Grants(principal, bucket)))
        {
            return S3Error.AccessDenied;
        }

        if (context.Signed is { Region.Length: 0 } unscoped)
        {
            // A signature without a scope (the older presigned form) is valid in the bucket's region.
            context.Signed = unscoped with { Region = bucket.Scope.Region };
        }
        else if (context.Signed is { } signed && signed.Region != bucket.Scope.Region)
        {
            context.Response.Headers["x-amz-bucket-region"] = bucket.Scope.Region;
            return S3Error.AuthorizationHeaderMalformed
                .WithMessage($"The authorization header is malformed; the region '{signed.Region}' is wrong; expecting '{bucket.Scope.Region}'")
                .With("Region", bucket.Scope.Region);
        }

        context.BucketRecord = bucket;
        return null;
    }

    private static bool IsBucketConfiguration(S3Operation operation) =>
        operation is S3Operation.GetBucketCors or S3Operation.PutBucketCors or S3Operation.DeleteBucketCors;
}
