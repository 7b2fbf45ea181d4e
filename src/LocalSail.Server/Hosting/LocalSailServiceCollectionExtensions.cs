using LocalSail.Server.AccessLogs;
using LocalSail.Server.Authentication;
using LocalSail.Server.ControlPlane;
using LocalSail.Server.DataPlane;
using LocalSail.Server.Operator;
using LocalSail.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LocalSail.Server.Hosting;

internal static class LocalSailServiceCollectionExtensions
{
    /// <summary>Everything the server needs: options, identity, storage, the Lightsail API, the S3 endpoint and the operator surface.</summary>
    /// <exception cref="LocalSailConfigurationException">The options cannot be used; the message says why, naming each option.</exception>
    public static IServiceCollection AddLocalSail(this IServiceCollection services, LocalSailOptions options)
    {
        LocalSailOptionsValidator.ThrowIfInvalid(options);
        var accounts = ServedAccounts.From(options).Accounts!;

        services.AddSingleton(options);
        services.AddSingleton(accounts);
        services.AddSingleton(accounts.Primary);
        services.TryAddSingleton(TimeProvider.System);
        if (options.Store == MetadataStore.Postgres)
        {
            services.AddPostgresStorage(options);
        }
        else
        {
            services.AddSqliteStorage(options);
        }

        if (options.BlobStore == BlobStoreKind.S3)
        {
            services.AddS3BlobStore(options);
        }

        services.AddLocalSailAuthentication();
        services.AddLightsailControlPlane();
        services.AddS3DataPlane();
        services.AddAccessLogs();
        services.AddLocalSailOperator(options);
        services.AddSingleton<RequestRouter>();
        if (options.Verbose)
        {
            services.AddSingleton<IRequestObserver, RequestLog>();
        }

        return services;
    }

    public static IServiceCollection AddLocalSailAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<SigningKeyCache>();
        services.AddSingleton<ICredentialResolver, CredentialResolver>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<AccessKeyUsageTracker>();
        services.AddHostedService(provider => provider.GetRequiredService<AccessKeyUsageTracker>());
        return services;
    }
}
