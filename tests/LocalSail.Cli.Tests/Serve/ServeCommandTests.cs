using System.Diagnostics;
using System.Text.RegularExpressions;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Serve;

/// <summary>The <c>localsail serve</c> process as a user runs it: it prints where it listens, serves, and stops on Ctrl-C.</summary>
public sealed partial class ServeCommandTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "localsail.dll");

    [Fact]
    public async Task Serve_prints_its_endpoint_answers_signed_calls_and_stops_cleanly_on_interrupt()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Tool, "serve", "--port", "0", "--in-memory" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            var banner = new List<string>();
            string? line;
            Match listening = Match.Empty;
            while ((line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null)
            {
                banner.Add(line);
                listening = ListeningLine().Match(line);
                if (listening.Success)
                {
                    break;
                }
            }

            Assert.True(listening.Success, "no 'listening on' line: " + string.Join('\n', banner));
            var endpoint = new Uri(listening.Groups["url"].Value);
            using var caller = new LightsailCaller(endpoint, new LocalSail.Signing.Credentials("AKIALOCALSAILDEVROOT", "localsail/development/secret/key/0000000"));
            var bundles = await caller.CallOkAsync("GetBucketBundles");
            Assert.Equal(3, bundles.GetProperty("bundles").GetArrayLength());

            // The rest of the banner tells how to point the AWS CLI and SDKs at it.
            var rest = await ReadUntilAsync(process.StandardOutput, "Ctrl-C");
            Assert.Contains("AWS_ACCESS_KEY_ID=AKIALOCALSAILDEVROOT", rest);
            Assert.Contains($"--endpoint-url {endpoint.ToString().TrimEnd('/')}", rest);

            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public async Task Serve_refuses_a_public_address_without_credentials_and_says_why()
    {
        var result = await ExternalProcess.RunAsync("dotnet", [Tool, "serve", "--host", "0.0.0.0", "--port", "0", "--in-memory"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("LOCALSAIL_ACCESS_KEY_ID", result.StandardError);
        Assert.DoesNotContain("listening", result.StandardOutput);
    }

    [Fact]
    public async Task Help_explains_serve_and_its_options()
    {
        var result = await ExternalProcess.RunAsync("dotnet", [Tool, "serve", "--help"]);
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--host", "--port", "--data-dir", "--in-memory", "--region", "LOCALSAIL_ACCESS_KEY_ID" })
        {
            Assert.Contains(option, result.StandardOutput);
        }
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, string marker)
    {
        var text = new System.Text.StringBuilder();
        string? line;
        while ((line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))) is not null)
        {
            text.AppendLine(line);
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                break;
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"listening on (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
