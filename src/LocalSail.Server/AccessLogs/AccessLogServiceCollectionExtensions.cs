using LocalSail.Server.Hosting;
using LocalSail.Server.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.AccessLogs;

internal static class AccessLogServiceCollectionExtensions
{
    /// <summary>Buckets' access logs: the observer that makes the lines, their journal in SQLite, and their delivery.</summary>
    public static IServiceCollection AddAccessLogs(this IServiceCollection services)
    {
        services.AddSingleton(AccessLogMigrations.Journal);
        services.AddSingleton<IAccessLogJournal, SqliteAccessLogJournal>();
        services.AddSingleton<AccessLogBuffer>();
        services.AddSingleton<IRequestObserver, AccessLogObserver>();
        services.AddSingleton<IAccessLogWriter, AccessLogObjectWriter>();
        services.AddSingleton<AccessLogDelivery>();
        services.AddHostedService(provider => provider.GetRequiredService<AccessLogDelivery>());
        return services;
    }
}
