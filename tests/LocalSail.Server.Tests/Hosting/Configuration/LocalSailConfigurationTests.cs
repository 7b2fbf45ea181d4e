using System.Collections;
using LocalSail.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace LocalSail.Server.Tests.Hosting.Configuration;

/// <summary>One binding for the environment and the command line, with the defaults of <see cref="LocalSailOptions"/>.</summary>
public sealed class LocalSailConfigurationTests
{
    private static LocalSailOptions Bind(Dictionary<string, string> environment, Dictionary<string, string?>? commandLine = null) =>
        LocalSailConfiguration.Bind(new ConfigurationBuilder()
            .AddLocalSailEnvironmentVariables(new Hashtable(environment))
            .AddInMemoryCollection(commandLine ?? [])
            .Build());

    [Fact]
    public void Each_setting_is_named_as_the_documentation_names_it()
    {
        var names = LocalSailSetting.All.ToDictionary(s => s.Property.Name, s => (s.OptionName, s.EnvironmentVariable, s.EnvironmentOnly));

        Assert.Equal(("--host", "LOCALSAIL_HOST", false), names[nameof(LocalSailOptions.Host)]);
        Assert.Equal(("--port", "LOCALSAIL_PORT", false), names[nameof(LocalSailOptions.Port)]);
        Assert.Equal(("--data-dir", "LOCALSAIL_DATA_DIR", false), names[nameof(LocalSailOptions.DataDirectory)]);
        Assert.Equal(("--in-memory", "LOCALSAIL_IN_MEMORY", false), names[nameof(LocalSailOptions.InMemory)]);
        Assert.Equal(("--s3-host", "LOCALSAIL_S3_HOST", false), names[nameof(LocalSailOptions.S3Host)]);
        Assert.Equal(("--scheduling", "LOCALSAIL_SCHEDULING", false), names[nameof(LocalSailOptions.Scheduling)]);
        Assert.Equal(("--verbose", "LOCALSAIL_VERBOSE", false), names[nameof(LocalSailOptions.Verbose)]);
        Assert.Equal(("--access-key-id", "LOCALSAIL_ACCESS_KEY_ID", true), names[nameof(LocalSailOptions.AccessKeyId)]);
        Assert.Equal(("--secret-access-key", "LOCALSAIL_SECRET_ACCESS_KEY", true), names[nameof(LocalSailOptions.SecretAccessKey)]);
        Assert.Equal(("--account-id", "LOCALSAIL_ACCOUNT_ID", true), names[nameof(LocalSailOptions.AccountId)]);
        Assert.Equal("4570", LocalSailSetting.Of(nameof(LocalSailOptions.Port)).DefaultText);
    }

    [Fact]
    public void The_operator_surface_settings_bind_from_the_environment_and_the_command_line()
    {
        var options = Bind(
            new()
            {
                ["LOCALSAIL_OPERATOR_HOSTS"] = "storage.example, localsail.internal",
                ["LOCALSAIL_METRICS_TOKEN"] = "a-metrics-token-of-some-length",
                ["LOCALSAIL_USAGE_SAMPLE_INTERVAL"] = "00:00:30",
                ["LOCALSAIL_CONSOLE"] = "false",
            },
            new() { ["LocalSail:AllowReset"] = "true", ["LocalSail:PublicMetrics"] = "true", ["LocalSail:UsageSampleRetention"] = "2.00:00:00" });

        Assert.Equal(["storage.example", "localsail.internal"], options.OperatorHosts);
        Assert.Equal("a-metrics-token-of-some-length", options.MetricsToken);
        Assert.Equal(TimeSpan.FromSeconds(30), options.UsageSampleInterval);
        Assert.Equal(TimeSpan.FromDays(2), options.UsageSampleRetention);
        Assert.False(options.ConsoleEnabled);
        Assert.True(options.AllowReset);
        Assert.True(options.PublicMetrics);
        Assert.Equal(("--console", "LOCALSAIL_CONSOLE"), (LocalSailSetting.Of(nameof(LocalSailOptions.ConsoleEnabled)).OptionName, LocalSailSetting.Of(nameof(LocalSailOptions.ConsoleEnabled)).EnvironmentVariable));
        Assert.True(LocalSailSetting.Of(nameof(LocalSailOptions.MetricsToken)).EnvironmentOnly);
    }

    [Fact]
    public void A_duration_that_is_not_one_is_named_with_its_setting()
    {
        var error = Assert.Throws<LocalSailConfigurationException>(() => Bind(new() { ["LOCALSAIL_USAGE_SAMPLE_INTERVAL"] = "a minute" }));
        Assert.Contains("--usage-sample-interval (LOCALSAIL_USAGE_SAMPLE_INTERVAL) must be a duration", error.Message);
    }

    [Fact]
    public void Nothing_given_binds_the_defaults()
    {
        var options = Bind([]);
        var defaults = new LocalSailOptions();

        foreach (var setting in LocalSailSetting.All)
        {
            Assert.Equal(setting.Property.GetValue(defaults), setting.Property.GetValue(options));
        }
    }

    [Fact]
    public void The_environment_sets_every_kind_of_setting()
    {
        var options = Bind(new()
        {
            ["LOCALSAIL_HOST"] = "::1",
            ["LOCALSAIL_PORT"] = "4999",
            ["LOCALSAIL_DATA_DIR"] = "/var/lib/localsail",
            ["LOCALSAIL_IN_MEMORY"] = "true",
            ["LOCALSAIL_S3_HOST"] = "s3.example.test",
            ["LOCALSAIL_SCHEDULING"] = "threadpool",
            ["LOCALSAIL_ACCESS_KEY_ID"] = "AKIAEXAMPLE000000000",
            ["LOCALSAIL_SECRET_ACCESS_KEY"] = "example-secret-0000000",
            ["LOCALSAIL_ACCOUNT_ID"] = "123456789012",
            ["OTHER_PORT"] = "1",
        });

        Assert.Equal(("::1", 4999, "/var/lib/localsail", true), (options.Host, options.Port, options.DataDirectory, options.InMemory));
        Assert.Equal(("s3.example.test", RequestScheduling.ThreadPool), (options.S3Host, options.Scheduling));
        Assert.Equal(("AKIAEXAMPLE000000000", "example-secret-0000000", "123456789012"), (options.AccessKeyId, options.SecretAccessKey, options.AccountId));
    }

    [Fact]
    public void The_command_line_wins_over_the_environment()
    {
        var options = Bind(
            new() { ["LOCALSAIL_PORT"] = "4999", ["LOCALSAIL_REGION"] = "eu-west-1" },
            new() { ["LocalSail:Port"] = "5000" });

        Assert.Equal((5000, "eu-west-1"), (options.Port, options.Region));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named_by_its_option_and_variable()
    {
        var error = Assert.Throws<LocalSailConfigurationException>(() => Bind(new()
        {
            ["LOCALSAIL_PORT"] = "abc",
            ["LOCALSAIL_IN_MEMORY"] = "yes",
            ["LOCALSAIL_SCHEDULING"] = "fast",
        }));

        Assert.Contains("--port (LOCALSAIL_PORT) must be a whole number, not 'abc'.", error.Message);
        Assert.Contains("--in-memory (LOCALSAIL_IN_MEMORY) must be true or false, not 'yes'.", error.Message);
        Assert.Contains("--scheduling (LOCALSAIL_SCHEDULING) must be one of Auto, Inline, ThreadPool, not 'fast'.", error.Message);
    }
}
