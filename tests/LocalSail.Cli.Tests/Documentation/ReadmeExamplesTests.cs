using System.Text;
using System.Text.RegularExpressions;
using LocalSail.Testing;

namespace LocalSail.Cli.Tests.Documentation;

/// <summary>
/// The README's client examples, run in the order a reader meets them, in one shell, against a fresh
/// server: the AWS CLI and S3 blocks as they are, the boto3 block with python3, and the AWS SDK for .NET
/// block as the same call made with the AWS CLI (AWSSDK.Lightsail is not a dependency of the suite).
/// </summary>
public sealed partial class ReadmeExamplesTests : IDisposable
{
    private const string DocumentedEndpoint = "http://127.0.0.1:4570";
    private static readonly string[] Sections = ["Pointing clients at it", "The S3 endpoint"];
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), "localsail-readme-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Fact]
    public async Task The_client_examples_run_in_order_on_a_fresh_server()
    {
        var blocks = ExampleBlocks(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md")));
        Assert.Equal(["sh", "python", "csharp", "bash"], blocks.Where(b => b.Language != "ini").Select(b => b.Language));

        await using var server = await RunningServer.StartAsync(configure: o => o.InMemory = true);
        var script = new StringBuilder("unset AWS_REGION AWS_DEFAULT_REGION AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL AWS_ENDPOINT_URL_LIGHTSAIL AWS_ENDPOINT_URL_S3\nset -euo pipefail\n");
        foreach (var (language, code) in blocks)
        {
            script.Append(language switch
            {
                "sh" or "bash" => code,
                "python" => $"python3 - <<'PYTHON'\n{code}\nPYTHON",
                "csharp" => SameCallWithTheAwsCli(code),
                _ => string.Empty,
            }).Append('\n');
        }

        Directory.CreateDirectory(_workingDirectory);
        var scriptPath = Path.Combine(_workingDirectory, "readme.sh");
        await File.WriteAllTextAsync(scriptPath, script.ToString().Replace(DocumentedEndpoint, server.EndpointUrl, StringComparison.Ordinal));
        var result = await ExternalProcess.RunAsync("bash", ["-c", $"cd '{_workingDirectory}' && bash readme.sh"]);

        Assert.True(result.ExitCode == 0, script + "\n" + result);
        Assert.Contains("hello.txt", result.StandardOutput);
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        var buckets = (await lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").EnumerateArray().Select(b => b.GetProperty("name").GetString()).Order();
        Assert.Equal(["my-boto3-bucket", "my-bucket", "my-dotnet-bucket"], buckets);
    }

    /// <summary>The fenced blocks of the README's client sections, in order.</summary>
    private static List<(string Language, string Code)> ExampleBlocks(string readme)
    {
        var blocks = new List<(string, string)>();
        string? section = null;
        string? language = null;
        var code = new StringBuilder();
        foreach (var line in readme.Split('\n'))
        {
            if (language is null && line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
            }
            else if (language is null && line.StartsWith("```", StringComparison.Ordinal) && line.Length > 3)
            {
                language = line[3..].Trim();
                code.Clear();
            }
            else if (language is not null && line.StartsWith("```", StringComparison.Ordinal))
            {
                if (Sections.Contains(section))
                {
                    blocks.Add((language, code.ToString()));
                }

                language = null;
            }
            else if (language is not null)
            {
                code.Append(line).Append('\n');
            }
        }

        return blocks;
    }

    private static string SameCallWithTheAwsCli(string csharp)
    {
        var call = CreateBucketCall().Match(csharp);
        Assert.True(call.Success, "The .NET example no longer creates a bucket as this test expects:\n" + csharp);
        return $"aws lightsail create-bucket --bucket-name {call.Groups["name"].Value} --bundle-id {call.Groups["bundle"].Value} --endpoint-url {DocumentedEndpoint} > /dev/null";
    }

    [GeneratedRegex("""CreateBucketAsync\(new CreateBucketRequest \{ BucketName = "(?<name>[^"]+)", BundleId = "(?<bundle>[^"]+)" \}\)""")]
    private static partial Regex CreateBucketCall();
}
