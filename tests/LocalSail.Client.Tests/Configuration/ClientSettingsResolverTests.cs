using LocalSail.Client.Configuration;
using LocalSail.Signing;

namespace LocalSail.Client.Tests.Configuration;

public sealed class ClientSettingsResolverTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "localsail-client-tests-" + Guid.NewGuid().ToString("N"));

    public ClientSettingsResolverTests()
    {
        Directory.CreateDirectory(Path.Combine(_home, ".aws"));
        File.WriteAllText(Path.Combine(_home, ".aws", "credentials"), """
            [default]
            aws_access_key_id = AKIDFILEDEFAULT00000
            aws_secret_access_key = file-default-secret

            [work]
            aws_access_key_id = AKIDFILEWORK00000000
            aws_secret_access_key = file-work-secret ; a comment
            aws_session_token = work-token
            """);
        File.WriteAllText(Path.Combine(_home, ".aws", "config"), """
            [default]
            region = eu-west-1

            [profile work]
            region = ap-south-1

            [profile config-only]
            aws_access_key_id = AKIDCONFIGONLY000000
            aws_secret_access_key = config-only-secret
            """);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private AwsEnvironment Environment(Dictionary<string, string>? variables = null) =>
        AwsEnvironment.FromVariables(variables ?? [], _home);

    [Fact]
    public void Explicit_settings_win_over_everything()
    {
        var settings = ClientSettingsResolver.Resolve(
            new LightsailClientOptions { Credentials = new Credentials("AKIDEXPLICIT00000000", "explicit"), Region = "us-west-2", ServiceUrl = new Uri("http://127.0.0.1:9") },
            Environment(new() { ["AWS_ACCESS_KEY_ID"] = "AKIDENV", ["AWS_SECRET_ACCESS_KEY"] = "env", ["AWS_REGION"] = "ca-central-1" }));

        Assert.Equal("AKIDEXPLICIT00000000", settings.Credentials.AccessKeyId);
        Assert.Equal("us-west-2", settings.Region);
        Assert.Equal(new Uri("http://127.0.0.1:9"), settings.Endpoint);
    }

    [Fact]
    public void The_environment_wins_over_the_default_profile()
    {
        var settings = ClientSettingsResolver.Resolve(
            new LightsailClientOptions(),
            Environment(new() { ["AWS_ACCESS_KEY_ID"] = "AKIDENV", ["AWS_SECRET_ACCESS_KEY"] = "env", ["AWS_SESSION_TOKEN"] = "tok", ["AWS_REGION"] = "ca-central-1" }));

        Assert.Equal(new Credentials("AKIDENV", "env", "tok"), settings.Credentials);
        Assert.Equal("ca-central-1", settings.Region);
        Assert.Equal(new Uri("https://lightsail.ca-central-1.amazonaws.com"), settings.Endpoint);
    }

    [Fact]
    public void The_default_profile_supplies_keys_and_region_when_nothing_else_does()
    {
        var settings = ClientSettingsResolver.Resolve(new LightsailClientOptions(), Environment());

        Assert.Equal(new Credentials("AKIDFILEDEFAULT00000", "file-default-secret"), settings.Credentials);
        Assert.Equal("eu-west-1", settings.Region);
    }

    [Fact]
    public void A_named_profile_wins_over_environment_keys_and_reads_both_files()
    {
        var settings = ClientSettingsResolver.Resolve(
            new LightsailClientOptions { Profile = "work" },
            Environment(new() { ["AWS_ACCESS_KEY_ID"] = "AKIDENV", ["AWS_SECRET_ACCESS_KEY"] = "env" }));

        Assert.Equal(new Credentials("AKIDFILEWORK00000000", "file-work-secret", "work-token"), settings.Credentials);
        Assert.Equal("ap-south-1", settings.Region);
    }

    [Fact]
    public void Credentials_may_come_from_the_config_file()
    {
        var settings = ClientSettingsResolver.Resolve(new LightsailClientOptions { Profile = "config-only", Region = "us-east-1" }, Environment());

        Assert.Equal("AKIDCONFIGONLY000000", settings.Credentials.AccessKeyId);
    }

    [Fact]
    public void The_endpoint_can_come_from_the_environment()
    {
        var settings = ClientSettingsResolver.Resolve(
            new LightsailClientOptions(),
            Environment(new() { ["AWS_ENDPOINT_URL_LIGHTSAIL"] = "http://127.0.0.1:4570" }));

        Assert.Equal(new Uri("http://127.0.0.1:4570"), settings.Endpoint);
    }

    [Fact]
    public void Missing_credentials_region_or_profile_are_configuration_errors()
    {
        var empty = AwsEnvironment.FromVariables(new Dictionary<string, string>());
        Assert.Throws<LightsailConfigurationException>(() => ClientSettingsResolver.Resolve(new LightsailClientOptions { Region = "us-east-1" }, empty));
        Assert.Throws<LightsailConfigurationException>(() => ClientSettingsResolver.Resolve(new LightsailClientOptions { Credentials = new Credentials("a", "b") }, empty));
        Assert.Throws<LightsailConfigurationException>(() => ClientSettingsResolver.Resolve(new LightsailClientOptions { Profile = "nobody" }, Environment()));
    }

    [Fact]
    public void Secrets_stay_out_of_settings_text()
    {
        var settings = ClientSettingsResolver.Resolve(new LightsailClientOptions(), Environment());

        Assert.DoesNotContain("file-default-secret", settings.ToString(), StringComparison.Ordinal);
    }
}
