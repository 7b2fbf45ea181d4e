using LocalSail.Server.Objects;
using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>
/// PutBucketVersioning: sets the bucket's versioning as Lightsail's UpdateBucket does (the same state, the same
/// rule), for the account's root key only: a bucket's access key may use the bucket, not configure it.
/// </summary>
internal sealed class PutBucketVersioningHandler(IControlPlaneStore store) : IS3Handler
{
    public S3Operation Operation => S3Operation.PutBucketVersioning;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        if (context.Principal is not { IsAccountRoot: true })
        {
            return S3Error.AccessDenied;
        }

        var (root, xmlError) = await XmlBody.ReadAsync(context);
        if (xmlError is not null)
        {
            return xmlError;
        }

        if (root!.Name.LocalName != "VersioningConfiguration")
        {
            return S3Error.MalformedXML;
        }

        var status = root.ChildValue("Status");
        if (status is not (null or "Enabled" or "Suspended") || root.ChildValue("MfaDelete") is not (null or "Enabled" or "Disabled"))
        {
            return S3Error.MalformedXML;
        }

        if (root.ChildValue("MfaDelete") == "Enabled")
        {
            return S3Error.NotImplemented.WithMessage("LocalSail has no MFA delete: versioning is set without it.");
        }

        if (status is not null)
        {
            var bucket = context.Bucket;
            var outcome = await store.UpdateBucketAsync(
                bucket.Scope,
                bucket.Name,
                current => new BucketChange(current with { Versioning = BucketVersioning.Change(current.Versioning, status == "Enabled") }, []),
                context.Aborted);
            if (outcome.Bucket is null)
            {
                return S3Error.NoSuchBucket.With("BucketName", bucket.Name);
            }
        }

        return await S3Responses.EmptyAsync(context);
    }
}
