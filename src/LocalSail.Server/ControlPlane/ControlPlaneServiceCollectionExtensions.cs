using LocalSail.Server.ControlPlane.Operations;
using LocalSail.Server.ControlPlane.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.ControlPlane;

internal static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>The Lightsail API: its endpoint and one handler per operation, in the dispatch table.</summary>
    public static IServiceCollection AddLightsailControlPlane(this IServiceCollection services)
    {
        services.AddSingleton<ILightsailOperation, CreateBucket>();
        services.AddSingleton<BucketListing>();
        services.AddSingleton<AccessKeyListing>();
        services.AddSingleton<ILightsailOperation, GetBuckets>();
        services.AddSingleton<ILightsailOperation, DeleteBucket>();
        services.AddSingleton<ILightsailOperation, UpdateBucket>();
        services.AddSingleton<ILightsailOperation, UpdateBucketBundle>();
        services.AddSingleton<ILightsailOperation, GetBucketBundles>();
        services.AddSingleton<ILightsailOperation, GetBucketMetricData>();
        services.AddSingleton<ILightsailOperation, SetResourceAccessForBucket>();
        services.AddSingleton<ILightsailOperation, CreateBucketAccessKey>();
        services.AddSingleton<ILightsailOperation, GetBucketAccessKeys>();
        services.AddSingleton<ILightsailOperation, DeleteBucketAccessKey>();
        services.AddSingleton<ILightsailOperation, GetOperation>();
        services.AddSingleton<ILightsailOperation, GetOperations>();
        services.AddSingleton<ILightsailOperation, GetOperationsForResource>();
        services.AddSingleton<ILightsailOperation, TagResource>();
        services.AddSingleton<ILightsailOperation, UntagResource>();
        services.AddSingleton(provider => new LightsailOperationTable(provider.GetServices<ILightsailOperation>()));
        services.AddSingleton<LightsailEndpoint>();
        return services;
    }
}
