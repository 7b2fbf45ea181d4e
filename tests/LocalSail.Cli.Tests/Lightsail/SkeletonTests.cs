using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using LocalSail.Cli.Lightsail.Model;

namespace LocalSail.Cli.Tests.Lightsail;

/// <summary>--generate-cli-skeleton input follows the installed botocore model's shapes member for member.</summary>
public sealed class SkeletonTests
{
    private static readonly Lazy<JsonElement> Model = new(LoadModel);

    public static TheoryData<string> Operations() => [.. LightsailOperations.All.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Input_skeleton_matches_the_model(string operationName)
    {
        var operation = LightsailOperations.All.Single(o => o.Name == operationName);
        var result = await CliRun.LocalSailAsync(null, "lightsail", operation.CliName, "--generate-cli-skeleton");

        Assert.Equal(0, result.Exit);
        using var skeleton = JsonDocument.Parse(result.Stdout);
        var shapes = Model.Value.GetProperty("shapes");
        var inputShape = Model.Value.GetProperty("operations").GetProperty(operationName).GetProperty("input").GetProperty("shape").GetString()!;
        AssertMatches(shapes, inputShape, skeleton.RootElement);
    }

    private static void AssertMatches(JsonElement shapes, string shapeName, JsonElement value)
    {
        var shape = shapes.GetProperty(shapeName);
        switch (shape.GetProperty("type").GetString())
        {
            case "structure":
                var members = shape.GetProperty("members").EnumerateObject().ToList();
                Assert.Equal(members.Select(m => m.Name), value.EnumerateObject().Select(p => p.Name));
                foreach (var member in members)
                {
                    AssertMatches(shapes, member.Value.GetProperty("shape").GetString()!, value.GetProperty(member.Name));
                }

                break;
            case "list":
                AssertMatches(shapes, shape.GetProperty("member").GetProperty("shape").GetString()!, Assert.Single(value.EnumerateArray()));
                break;
            case "string":
                if (shape.TryGetProperty("enum", out var values))
                {
                    Assert.Contains(value.GetString(), values.EnumerateArray().Select(v => v.GetString()));
                }
                else
                {
                    Assert.Equal(string.Empty, value.GetString());
                }

                break;
            case "integer" or "long":
                Assert.Equal("0", value.GetRawText());
                break;
            case "float" or "double":
                Assert.Equal("0.0", value.GetRawText());
                break;
            case "boolean":
                Assert.Equal(JsonValueKind.True, value.ValueKind);
                break;
            case "timestamp":
                Assert.Equal("1970-01-01T00:00:00", value.GetString());
                break;
            default:
                Assert.Fail($"Unexpected shape type in {shapeName}");
                break;
        }
    }

    private static JsonElement LoadModel()
    {
        var start = new ProcessStartInfo("python3", ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__))"]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var directory = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        using var file = File.OpenRead(Path.Combine(directory, "data", "lightsail", "2016-11-28", "service-2.json.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return JsonDocument.Parse(gzip).RootElement.Clone();
    }
}
