using LocalSail.Server.DataPlane.Xml;
using LocalSail.Server.Storage;

namespace LocalSail.Server.DataPlane.Handlers;

/// <summary>ListBuckets: the account's buckets for its root key; only its own bucket for a bucket key.</summary>
internal sealed class ListBucketsHandler(IControlPlaneStore store, IBucketDirectory directory, LocalSail.Server.Hosting.LocalSailOptions options) : IS3Handler
{
    public S3Operation Operation => S3Operation.ListBuckets;

    public async Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        var principal = context.Principal!;
        var buckets = new List<BucketRecord>();
        if (principal.IsAccountRoot)
        {
            var region = context.Signed!.Region.Length > 0 ? context.Signed.Region : options.Region;
            var scope = new ResourceScope(principal.AccountId, region);
            string? after = null;
            while (true)
            {
                var page = await store.ListBucketsAsync(scope, after, 500, context.Aborted);
                buckets.AddRange(page);
                if (page.Count < 500)
                {
                    break;
                }

                after = page[^1].Name;
            }
        }
        else if (await directory.FindAsync(principal.BucketName!, context.Aborted) is { } own)
        {
            buckets.Add(own);
        }

        return await S3Responses.XmlAsync(context, (Owner: principal.AccountId, Buckets: buckets), static (xml, listed) =>
        {
            xml.Root("ListAllMyBucketsResult");
            S3Responses.Owner(xml, listed.Owner);
            xml.Open("Buckets");
            foreach (var bucket in listed.Buckets)
            {
                xml.Open("Bucket").Element("Name", bucket.Name).Element("CreationDate", bucket.CreatedAt).Element("BucketRegion", bucket.Scope.Region).Close("Bucket");
            }

            xml.Close("Buckets").Close("ListAllMyBucketsResult");
        });
    }
}

internal sealed class HeadBucketHandler : IS3Handler
{
    public S3Operation Operation => S3Operation.HeadBucket;

    public Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        context.Response.Headers["x-amz-bucket-region"] = context.Bucket.Scope.Region;
        return S3Responses.EmptyAsync(context);
    }
}

internal sealed class GetBucketLocationHandler : IS3Handler
{
    public S3Operation Operation => S3Operation.GetBucketLocation;

    public Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        return S3Responses.XmlAsync(context, context.Bucket.Scope.Region, static (xml, region) =>
        {
            xml.Raw($"<LocationConstraint xmlns=\"{S3XmlBuilder.Namespace}\">");
            if (region != "us-east-1")
            {
                xml.Raw(System.Security.SecurityElement.Escape(region));
            }

            xml.Close("LocationConstraint");
        });
    }
}

internal sealed class GetBucketVersioningHandler : IS3Handler
{
    public S3Operation Operation => S3Operation.GetBucketVersioning;

    public Task<S3Error?> HandleAsync(S3RequestContext context)
    {
        return S3Responses.XmlAsync(context, context.Bucket.Versioning, static (xml, versioning) =>
        {
            xml.Root("VersioningConfiguration");
            if (versioning != VersioningState.Unversioned)
            {
                xml.Element("Status", versioning == VersioningState.Enabled ? "Enabled" : "Suspended");
            }

            xml.Close("VersioningConfiguration");
        });
    }
}
