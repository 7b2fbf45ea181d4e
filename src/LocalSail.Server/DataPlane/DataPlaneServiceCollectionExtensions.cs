using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.DataPlane;

public static class DataPlaneServiceCollectionExtensions
{
    /// <summary>The S3 endpoint, the object store and what the control plane asks of it.</summary>
    public static IServiceCollection AddS3DataPlane(this IServiceCollection services)
    {
        services.AddSingleton<S3Endpoint>();
        services.AddSingleton<IBucketContents, EmptyBucketContents>();
        return services;
    }

    // Until objects are stored, every bucket is empty.
    private sealed class EmptyBucketContents : IBucketContents
    {
        public Task<BucketUsage> GetUsageAsync(BucketRecord bucket, CancellationToken cancellationToken) => Task.FromResult(new BucketUsage(0, 0, 0));

        public Task PurgeAsync(BucketRecord bucket, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
