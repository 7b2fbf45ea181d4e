using System.Diagnostics;
using System.Text.RegularExpressions;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Packaging;

/// <summary>
/// The packages as users get them: every package of the repository packs without a warning, and the
/// <c>localsail</c> tool installs with <c>dotnet tool install</c>, starts a server and calls it.
/// </summary>
public sealed partial class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _work = Path.Combine(Path.GetTempPath(), "localsail-packages-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task The_packages_pack_without_warnings_and_the_tool_installs_serves_and_calls()
    {
        var packages = Path.Combine(_work, "packages");
        var tools = Path.Combine(_work, "tools");
        // Nothing from the machine's package caches or feeds: only what was just packed.
        var isolated = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "nuget-cache"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        Directory.CreateDirectory(_work);
        var nugetConfig = Path.Combine(_work, "nuget.config");
        await File.WriteAllTextAsync(nugetConfig, "<configuration><packageSources><clear /></packageSources></configuration>");

        // The build the suite runs has already happened: pack what it made.
        var pack = await ExternalProcess.RunAsync("dotnet", ["pack", Path.Combine(Repository.Root, "LocalSail.slnx"), "-c", Configuration, "--no-build", "-o", packages], isolated);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.DoesNotMatch("(?i)warning", pack.StandardOutput + pack.StandardError);
        var packed = Directory.GetFiles(packages, "*.nupkg").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(["LocalSail.Cli.", "LocalSail.Client.", "LocalSail.Lightsail.Model.", "LocalSail.Server.", "LocalSail.Signing.", "LocalSail.Testing."], packed.Select(p => VersionSuffix().Replace(p!, ".")));

        var install = await ExternalProcess.RunAsync("dotnet", ["tool", "install", "LocalSail.Cli", "--tool-path", tools, "--add-source", packages, "--configfile", nugetConfig], isolated);
        Assert.True(install.ExitCode == 0, install.ToString());
        var localsail = Path.Combine(tools, "localsail");

        var version = await ExternalProcess.RunAsync(localsail, ["--version"]);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", version.StandardOutput);
        var help = await ExternalProcess.RunAsync(localsail, ["--help"]);
        Assert.Contains("serve", help.StandardOutput);

        await ServeAndCallAsync(localsail);
    }

    private static async Task ServeAndCallAsync(string localsail)
    {
        var start = new ProcessStartInfo(localsail) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "serve", "--port", "0", "--in-memory" })
        {
            start.ArgumentList.Add(argument);
        }

        using var serve = Process.Start(start)!;
        try
        {
            string? line;
            Match listening = Match.Empty;
            while (!listening.Success && (line = await serve.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
            {
                listening = ListeningLine().Match(line);
            }

            Assert.True(listening.Success, "serve printed no endpoint");
            var environment = ExternalProcess.AwsEnvironment("AKIALOCALSAILDEVROOT", "localsail/development/secret/key/0000000");
            environment["AWS_ENDPOINT_URL"] = listening.Groups["url"].Value;

            var call = await ExternalProcess.RunAsync(localsail, ["lightsail", "get-bucket-bundles"], environment);

            Assert.True(call.ExitCode == 0, call.ToString());
            Assert.Contains("\"bundleId\": \"small_1_0\"", call.StandardOutput);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"\.\d+\.\d+\.\d+(-[\w.]+)?\.nupkg$")]
    private static partial Regex VersionSuffix();

    [GeneratedRegex(@"listening on (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
