using LocalSail.Server.Storage;
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
            completeOnWriterThread: options.Scheduling.IsInlineHere()));
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
}
