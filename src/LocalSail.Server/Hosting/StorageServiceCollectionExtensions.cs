using Amazon.Runtime;
using Amazon.S3;
using LocalSail.Server.AccessLogs;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using LocalSail.Server.Storage.Postgres;
using LocalSail.Server.Storage.Postgres.Migrations;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Hosting;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>The embedded store: SQLite and the local disk, in the data directory or a temporary one; with the usage history.</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, LocalSailOptions options)
    {
        services.AddSingleton(_ => options.InMemory ? StorageLayout.Temporary() : StorageLayout.Persistent(options.ResolveDataDirectory()));
        services.AddSingleton(ControlPlaneMigrations.Initial);
        services.AddSingleton(ControlPlaneMigrations.DeletedBuckets);
        services.AddSingleton(UsageHistoryMigrations.Samples);
        services.AddSingleton(provider => new SqliteDatabase(
            provider.GetRequiredService<StorageLayout>().DatabasePath,
            durable: !options.InMemory,
            provider.GetServices<SqliteMigration>(),
            provider.GetRequiredService<ILogger<SqliteDatabase>>(),
            completeOnWriterThread: options.RunsRequestsInlineHere()));
        services.AddSingleton(provider =>
        {
            var layout = provider.GetRequiredService<StorageLayout>();
            return layout.IsTemporary ? SecretProtector.Ephemeral() : SecretProtector.FromKeyFile(layout.SecretKeyPath);
        });
        services.AddSingleton<ControlPlaneChanges>();
        services.AddSingleton<IControlPlaneStore, SqliteControlPlaneStore>();
        services.AddSingleton<IBucketUsageHistory, SqliteBucketUsageHistory>();
        services.AddSingleton<IStoreAdministration, SqliteStoreAdministration>();
        return services;
    }

    /// <summary>
    /// The shared store: metadata in PostgreSQL, which any number of LocalSail processes may use at once; the data
    /// directory keeps the secret key (the same file on every node) and, unless another blob store is configured,
    /// the object bytes (a directory every node mounts).
    /// </summary>
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, LocalSailOptions options)
    {
        services.AddSingleton(_ => StorageLayout.Persistent(options.ResolveDataDirectory()));
        services.AddSingleton(provider => new PostgresDatabase(
            options.PostgresConnection!,
            PostgresMigrations.All,
            provider.GetRequiredService<ILogger<PostgresDatabase>>()));
        services.AddSingleton(provider =>
        {
            var layout = provider.GetRequiredService<StorageLayout>();
            var secrets = SecretProtector.FromKeyFile(layout.SecretKeyPath);
            PostgresStoreIdentity.Verify(provider.GetRequiredService<PostgresDatabase>(), secrets, layout.SecretKeyPath);
            return secrets;
        });
        // Other nodes' changes do not reach this feed: caches of buckets and keys check the shared version instead.
        services.AddSingleton(provider => PostgresControlPlaneVersion.NodeChanges(provider.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton(new StoreSharing(IsShared: true));
        services.AddSingleton<IControlPlaneStore, PostgresControlPlaneStore>();
        services.AddSingleton<IBucketUsageHistory, PostgresBucketUsageHistory>();
        services.AddSingleton<IStoreAdministration, PostgresStoreAdministration>();
        services.AddSingleton<IObjectMetadataStore, PostgresObjectMetadataStore>();
        services.AddSingleton<IAccessLogJournal, PostgresAccessLogJournal>();
        return services;
    }

    /// <summary>Object bytes in a bucket of an S3-compatible store, instead of the data directory's files.</summary>
    public static IServiceCollection AddS3BlobStore(this IServiceCollection services, LocalSailOptions options)
    {
        services.AddSingleton<IBlobStore>(_ =>
        {
            var config = new AmazonS3Config { AuthenticationRegion = options.BlobS3Region, ForcePathStyle = true };
            if (!string.IsNullOrEmpty(options.BlobS3Endpoint))
            {
                config.ServiceURL = options.BlobS3Endpoint;
            }
            else
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.BlobS3Region);
            }

            IAmazonS3 client = string.IsNullOrEmpty(options.BlobS3AccessKeyId)
                ? new AmazonS3Client(config)
                : new AmazonS3Client(new BasicAWSCredentials(options.BlobS3AccessKeyId, options.BlobS3SecretAccessKey), config);
            return new S3BlobStore(client, options.BlobS3Bucket!, options.BlobS3Prefix);
        });
        return services;
    }
}
