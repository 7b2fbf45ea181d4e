using LocalSail.Cli.Serve;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Serve;

/// <summary>The banner's setup is pasted into a shell as it is: it must work with the real AWS CLI.</summary>
public sealed class StartupBannerTests
{
    [Fact]
    public async Task The_banners_export_lines_and_aws_command_work_when_pasted_into_a_shell()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var banner = StartupBanner.Describe(server.Server, server.Options);
        var pasted = banner.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal) || line.StartsWith("aws ", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(pasted, line => line.StartsWith("aws lightsail create-bucket ", StringComparison.Ordinal));

        // A shell with no AWS setup of its own: only what the banner says.
        var script = "unset AWS_REGION AWS_DEFAULT_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL AWS_ENDPOINT_URL_LIGHTSAIL\nset -e\n" + string.Join('\n', pasted);
        var result = await ExternalProcess.RunAsync("bash", ["-c", script]);

        Assert.True(result.ExitCode == 0, banner + "\n" + result);
        Assert.Contains("\"my-bucket\"", result.StandardOutput);
    }

    [Fact]
    public async Task The_banner_names_the_other_accounts_and_none_of_their_secrets()
    {
        await using var server = await RunningServer.StartAsync(configure: o =>
        {
            o.InMemory = true;
            o.Accounts = ["222222222222:AKIASECONDACCOUNT001:second-account-secret-000000000000000000"];
        });

        var banner = StartupBanner.Describe(server.Server, server.Options);

        Assert.Contains("  more accounts: 222222222222 (root keys from LOCALSAIL_ACCOUNTS)", banner, StringComparison.Ordinal);
        Assert.DoesNotContain("second-account-secret", banner, StringComparison.Ordinal);
    }
}
