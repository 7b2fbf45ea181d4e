using LocalSail.Server.DataPlane.Handlers;
using LocalSail.Server.DataPlane.Pipeline;
using LocalSail.Server.DataPlane.PostForms;
using LocalSail.Server.Hosting;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.DataPlane;

internal static class DataPlaneServiceCollectionExtensions
{
    /// <summary>The S3 endpoint, the object service over its stores, and what the control plane asks of them.</summary>
    public static IServiceCollection AddS3DataPlane(this IServiceCollection services)
    {
        services.AddSingleton(ObjectStoreMigrations.Objects);
        services.AddSingleton(ObjectStoreMigrations.BlobIndexes);
        services.AddSingleton(ObjectStoreMigrations.InlineData);
        services.AddSingleton(ObjectStoreMigrations.Encryption);
        services.AddSingleton<ObjectKeyring>();
        services.TryAddSingleton<IBlobStore, FileSystemBlobStore>();
        // The embedded stores, unless the storage registered others (PostgreSQL's, an S3 bucket's).
        services.TryAddSingleton<IObjectMetadataStore, SqliteObjectMetadataStore>();
        services.TryAddSingleton(StoreSharing.SoleOwner);
        services.AddSingleton<ObjectService>();
        services.AddSingleton<IBucketContents, BucketContents>();
        services.AddSingleton<OrphanBlobSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<OrphanBlobSweeper>());
        services.AddSingleton<BucketPurger>();
        services.AddHostedService(provider => provider.GetRequiredService<BucketPurger>());

        // Bucket records are cached for the S3 endpoint; the control plane's change feed drops changed ones.
        services.AddSingleton<BucketCache>();
        services.AddSingleton<IBucketDirectory>(provider => provider.GetRequiredService<BucketCache>());

        services.AddSingleton<BlobTransfer>();
        services.AddSingleton<ServerSideEncryption>();
        services.AddSingleton<CopySource>();
        services.AddSingleton<ObjectReader>();
        AddHandlers(services);
        services.AddSingleton<S3HandlerTable>();
        services.AddSingleton<SigV2PresignedVerifier>();
        services.AddSingleton<PostFormAuthentication>();
        services.AddSingleton<S3Authentication>();
        services.AddSingleton<S3Authorization>();
        services.AddSingleton<S3Cors>();
        services.AddSingleton<S3Pipeline>();
        services.AddSingleton(provider => new S3Endpoint(
            provider.GetRequiredService<S3Pipeline>(),
            provider.GetRequiredService<LocalSailOptions>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<S3Endpoint>>(),
            provider.GetRequiredService<IBucketDirectory>()));
        return services;
    }

    private static void AddHandlers(IServiceCollection services)
    {
        services.AddSingleton<IS3Handler, ListBucketsHandler>();
        services.AddSingleton<IS3Handler, HeadBucketHandler>();
        services.AddSingleton<IS3Handler, CreateBucketHandler>();
        services.AddSingleton<IS3Handler, DeleteBucketHandler>();
        services.AddSingleton<IS3Handler, GetBucketLocationHandler>();
        services.AddSingleton<IS3Handler, GetBucketVersioningHandler>();
        services.AddSingleton<IS3Handler, PutBucketVersioningHandler>();
        services.AddSingleton<IS3Handler, GetObjectAttributesHandler>();
        services.AddSingleton<IS3Handler, ListObjectsHandler>();
        services.AddSingleton<IS3Handler, ListObjectsV2Handler>();
        services.AddSingleton<IS3Handler, ListObjectVersionsHandler>();
        services.AddSingleton<IS3Handler, ListMultipartUploadsHandler>();
        services.AddSingleton<IS3Handler, DeleteObjectsHandler>();
        services.AddSingleton<IS3Handler, PutObjectHandler>();
        services.AddSingleton<IS3Handler, CopyObjectHandler>();
        services.AddSingleton<IS3Handler, GetObjectHandler>();
        services.AddSingleton<IS3Handler, HeadObjectHandler>();
        services.AddSingleton<IS3Handler, DeleteObjectHandler>();
        services.AddSingleton<IS3Handler, CreateMultipartUploadHandler>();
        services.AddSingleton<IS3Handler, UploadPartHandler>();
        services.AddSingleton<IS3Handler, UploadPartCopyHandler>();
        services.AddSingleton<IS3Handler, CompleteMultipartUploadHandler>();
        services.AddSingleton<IS3Handler, AbortMultipartUploadHandler>();
        services.AddSingleton<IS3Handler, ListPartsHandler>();
        services.AddSingleton<IS3Handler, GetObjectTaggingHandler>();
        services.AddSingleton<IS3Handler, PutObjectTaggingHandler>();
        services.AddSingleton<IS3Handler, DeleteObjectTaggingHandler>();
        services.AddSingleton<IS3Handler, GetObjectAclHandler>();
        services.AddSingleton<IS3Handler, PutObjectAclHandler>();
        services.AddSingleton<IS3Handler, CorsPreflightHandler>();
        services.AddSingleton<IS3Handler, GetBucketCorsHandler>();
        services.AddSingleton<IS3Handler, PutBucketCorsHandler>();
        services.AddSingleton<IS3Handler, DeleteBucketCorsHandler>();
        services.AddSingleton<IS3Handler, PostObjectHandler>();
    }
}
