namespace LocalSail.Client.Configuration;

/// <summary>
/// The endpoint the AWS tools' own configuration gives a service, in botocore's order: the service's
/// variable (<c>AWS_ENDPOINT_URL_LIGHTSAIL</c>, <c>AWS_ENDPOINT_URL_S3</c>), then <c>AWS_ENDPOINT_URL</c>,
/// then the service's <c>endpoint_url</c> in the <c>[services NAME]</c> section the profile names with
/// <c>services = NAME</c>, then the profile's own <c>endpoint_url</c>. <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c>
/// (or the profile's <c>ignore_configured_endpoint_urls</c>) set to true turns all of them off.
/// </summary>
public static class ConfiguredEndpoint
{
    /// <summary>The configured endpoint of <paramref name="serviceId"/> (<c>lightsail</c>, <c>s3</c>), or null when none is.</summary>
    /// <param name="profile">The profile in use; <c>AWS_PROFILE</c>, <c>AWS_DEFAULT_PROFILE</c> or <c>default</c> when null.</param>
    public static Uri? Find(string serviceId, AwsEnvironment environment, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Find(serviceId, environment, ProfileFile.Load(environment.ConfigFilePath, isConfigFile: true), ClientSettingsResolver.ProfileName(profile, environment));
    }

    internal static Uri? Find(string serviceId, AwsEnvironment environment, ProfileFile configFile, string profile)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        var ignore = environment.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ?? configFile.Get(profile, "ignore_configured_endpoint_urls");
        if (string.Equals(ignore, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var service = serviceId.Replace('-', '_').ToLowerInvariant();
        var url = environment.Get("AWS_ENDPOINT_URL_" + service.ToUpperInvariant())
            ?? environment.Get("AWS_ENDPOINT_URL")
            ?? FromServicesSection(configFile, profile, service)
            ?? configFile.Get(profile, "endpoint_url");
        return Parse(url);
    }

    /// <summary>An endpoint URL as the AWS tools accept it: absolute, http or https.</summary>
    internal static Uri? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new LightsailConfigurationException($"Invalid endpoint: {value}");
    }

    private static string? FromServicesSection(ProfileFile configFile, string profile, string service)
    {
        if (configFile.Get(profile, "services") is not { } servicesName)
        {
            return null;
        }

        // botocore's words for a profile that points at a section that is not there.
        return configFile.HasServices(servicesName)
            ? configFile.GetServiceSetting(servicesName, service, "endpoint_url")
            : throw new LightsailConfigurationException(
                $"The profile is configured to use the services section but the \"{servicesName}\" services configuration does not exist.");
    }
}
