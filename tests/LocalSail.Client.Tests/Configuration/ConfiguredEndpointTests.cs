using LocalSail.Client.Configuration;

namespace LocalSail.Client.Tests.Configuration;

/// <summary>Endpoints from the AWS tools' own configuration, in botocore's order.</summary>
public sealed class ConfiguredEndpointTests : IDisposable
{
    private readonly string _config = Path.GetTempFileName();

    public ConfiguredEndpointTests() => File.WriteAllText(_config, """
        [default]
        services = local
        endpoint_url = http://profile-global:1

        [profile bare]
        region = us-east-1

        [profile global-only]
        endpoint_url = http://global-only:3

        [profile ignoring]
        services = local
        ignore_configured_endpoint_urls = true

        [profile dangling]
        services = missing

        [services local]
        lightsail =
          endpoint_url = http://services-lightsail:2
        s3 =
          endpoint_url = http://services-s3:4
          addressing_style = path
        """);

    public void Dispose() => File.Delete(_config);

    private Uri? Find(string service, Dictionary<string, string>? variables = null, string? profile = null)
    {
        var all = new Dictionary<string, string>(variables ?? []) { ["AWS_CONFIG_FILE"] = _config };
        return ConfiguredEndpoint.Find(service, AwsEnvironment.FromVariables(all), profile);
    }

    [Fact]
    public void The_services_variable_wins_over_the_global_one_and_the_files() =>
        Assert.Equal(new Uri("http://env-lightsail:5"), Find("lightsail", new() { ["AWS_ENDPOINT_URL_LIGHTSAIL"] = "http://env-lightsail:5", ["AWS_ENDPOINT_URL"] = "http://env-global:6" }));

    [Fact]
    public void The_global_variable_wins_over_the_files() =>
        Assert.Equal(new Uri("http://env-global:6"), Find("lightsail", new() { ["AWS_ENDPOINT_URL"] = "http://env-global:6", ["AWS_ENDPOINT_URL_S3"] = "http://env-s3:7" }));

    [Fact]
    public void The_profiles_services_section_wins_over_its_endpoint_url()
    {
        Assert.Equal(new Uri("http://services-lightsail:2"), Find("lightsail"));
        Assert.Equal(new Uri("http://services-s3:4"), Find("s3"));
    }

    [Fact]
    public void The_profiles_endpoint_url_serves_every_service() =>
        Assert.Equal(new Uri("http://global-only:3"), Find("lightsail", new() { ["AWS_PROFILE"] = "global-only" }));

    [Fact]
    public void Nothing_configured_is_null() => Assert.Null(Find("lightsail", profile: "bare"));

    [Fact]
    public void Ignoring_configured_endpoints_turns_every_source_off()
    {
        Assert.Null(Find("lightsail", profile: "ignoring"));
        Assert.Null(Find("lightsail", new() { ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true", ["AWS_ENDPOINT_URL_LIGHTSAIL"] = "http://env-lightsail:5" }));
    }

    [Fact]
    public void A_profile_naming_a_missing_services_section_says_so() =>
        Assert.Equal(
            "The profile is configured to use the services section but the \"missing\" services configuration does not exist.",
            Assert.Throws<LightsailConfigurationException>(() => Find("lightsail", profile: "dangling")).Message);

    [Fact]
    public void An_endpoint_that_is_not_a_url_is_refused() =>
        Assert.Throws<LightsailConfigurationException>(() => Find("lightsail", new() { ["AWS_ENDPOINT_URL"] = "localhost:4570" }));

    [Fact]
    public void The_client_resolves_its_endpoint_from_the_config_file()
    {
        var settings = ClientSettingsResolver.Resolve(
            new LightsailClientOptions { Credentials = new LocalSail.Signing.Credentials("AKIDEXAMPLE", "secret"), Region = "us-east-1" },
            AwsEnvironment.FromVariables(new Dictionary<string, string> { ["AWS_CONFIG_FILE"] = _config }));

        Assert.Equal(new Uri("http://services-lightsail:2"), settings.Endpoint);
    }
}
