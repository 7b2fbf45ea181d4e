using LocalSail.Signing;

namespace LocalSail.Client.Configuration;

/// <summary>
/// Resolves credentials, region and endpoint in the order the AWS tools use: what the code says, then
/// the environment, then the shared credentials and config files. The endpoint follows
/// <see cref="ConfiguredEndpoint"/> (<c>AWS_ENDPOINT_URL_LIGHTSAIL</c>, <c>AWS_ENDPOINT_URL</c>, the profile's
/// <c>services</c> section and <c>endpoint_url</c>) before it falls back to AWS's own.
/// </summary>
public static class ClientSettingsResolver
{
    public const string DefaultProfile = "default";

    public static ClientSettings Resolve(LightsailClientOptions options, AwsEnvironment environment)
    {
        var explicitProfile = options.Profile;
        var profile = ProfileName(explicitProfile, environment);
        var credentialsFile = ProfileFile.Load(environment.CredentialsFilePath, isConfigFile: false);
        var configFile = ProfileFile.Load(environment.ConfigFilePath, isConfigFile: true);

        var needsProfile = options.Credentials is null || options.Region is null;
        if (needsProfile && profile != DefaultProfile && !credentialsFile.HasProfile(profile) && !configFile.HasProfile(profile))
        {
            throw new LightsailConfigurationException($"The config profile ({profile}) could not be found");
        }

        var credentials = options.Credentials
            // A profile named explicitly wins over the environment's keys, as in the AWS CLI.
            ?? (explicitProfile is null ? FromEnvironment(environment) : null)
            ?? FromProfile(credentialsFile, profile)
            ?? FromProfile(configFile, profile)
            ?? throw new LightsailConfigurationException("Unable to locate credentials. You can configure credentials by running \"aws configure\".");

        var region = options.Region
            ?? environment.Get("AWS_REGION")
            ?? environment.Get("AWS_DEFAULT_REGION")
            ?? configFile.Get(profile, "region")
            ?? throw new LightsailConfigurationException("You must specify a region. You can also configure your region by running \"aws configure\".");

        var endpoint = options.ServiceUrl
            ?? ConfiguredEndpoint.Find(LightsailClient.ServiceName, environment, configFile, profile)
            ?? DefaultEndpoint(region);

        return new ClientSettings(credentials, region, endpoint);
    }

    /// <summary>The profile in use: the one named, else <c>AWS_PROFILE</c>, <c>AWS_DEFAULT_PROFILE</c>, <c>default</c>.</summary>
    public static string ProfileName(string? explicitProfile, AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return explicitProfile ?? environment.Get("AWS_PROFILE") ?? environment.Get("AWS_DEFAULT_PROFILE") ?? DefaultProfile;
    }

    /// <summary>Whether <paramref name="endpoint"/> is AWS's own Lightsail endpoint for <paramref name="region"/>.</summary>
    public static bool IsDefaultEndpoint(Uri endpoint, string region) => endpoint == DefaultEndpoint(region);

    /// <summary>The real service's endpoint for a region.</summary>
    public static Uri DefaultEndpoint(string region) => new($"https://lightsail.{region}.amazonaws.com");

    private static Credentials? FromEnvironment(AwsEnvironment environment)
    {
        var id = environment.Get("AWS_ACCESS_KEY_ID");
        var secret = environment.Get("AWS_SECRET_ACCESS_KEY");
        return id is null || secret is null ? null : new Credentials(id, secret, environment.Get("AWS_SESSION_TOKEN"));
    }

    private static Credentials? FromProfile(ProfileFile file, string profile)
    {
        var id = file.Get(profile, "aws_access_key_id");
        var secret = file.Get(profile, "aws_secret_access_key");
        return id is null || secret is null ? null : new Credentials(id, secret, file.Get(profile, "aws_session_token"));
    }
}
