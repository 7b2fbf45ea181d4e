using LocalSail.Server.Hosting;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalSail.Server.AccessLogs;

internal static class AccessLogServiceCollectionExtensions
{
    /// <summary>Buckets' access logs: the observer that makes the lines, their journal (SQLite's unless the storage brings its own), and their delivery.</summary>
    public static IServiceCollection AddAccessLogs(this IServiceCollection services)
    {
        services.AddSingleton(AccessLogMigrations.Journal);
        // The embedded journal, unless the storage registered its own (PostgreSQL's, shared by every node).
        services.TryAddSingleton<IAccessLogJournal, SqliteAccessLogJournal>();
        services.AddSingleton<AccessLogBuffer>();
        services.AddSingleton<IRequestObserver, AccessLogObserver>();
        services.AddSingleton<IAccessLogWriter, AccessLogObjectWriter>();
        services.AddSingleton<AccessLogDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<AccessLogDelivery>());
        return services;
    }
}
