using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalSail.Cli.Lightsail;
using LocalSail.Client.Configuration;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Model;

namespace LocalSail.ModelGenerator.Tests;

/// <summary>
/// Adding a member to the model is a change to the model file alone: fed a copy of the installed model with one
/// more member (an integer of 1 to 3650 in CreateBucket's input and in the Bucket it answers), the generator
/// gives it a property in the request and response records, a row in the shape table the server validates
/// against, and an option and a skeleton entry in the command line.
/// </summary>
public sealed partial class AddingAMemberTests
{
    private static readonly Lazy<(GeneratedModel Before, GeneratedModel After)> Generated = new(() =>
    {
        var service = InstalledModel.Service();
        var shapes = service["shapes"]!.AsObject();
        shapes["RetentionDays"] = new JsonObject { ["type"] = "integer", ["min"] = 1, ["max"] = 3650 };
        shapes["CreateBucketRequest"]!["members"]!.AsObject()["retentionDays"] =
            new JsonObject { ["shape"] = "RetentionDays", ["documentation"] = "<p>How many days the bucket keeps <code>deleted</code> objects.</p>" };
        shapes["Bucket"]!["members"]!.AsObject()["retentionDays"] = new JsonObject { ["shape"] = "RetentionDays" };
        return (InstalledModel.Generate(), InstalledModel.Generate(service));
    });

    private static GeneratedModel After => Generated.Value.After;

    private static OperationModel CreateBucket => After.Model.Operations.Single(o => o.Model.Name == "CreateBucket").Model;

    [Fact]
    public void The_request_and_the_response_records_have_the_member()
    {
        var structures = File(After, "Structures.g.cs");

        var property = "[JsonPropertyName(\"retentionDays\")]\n    public int? RetentionDays { get; set; }";
        Assert.Contains(property, Class(structures, "CreateBucketRequest"));
        Assert.Contains("/// <summary>How many days the bucket keeps deleted objects.</summary>\n    " + property, Class(structures, "CreateBucketRequest"));
        Assert.Contains(property, Class(structures, "Bucket"));
        Assert.DoesNotContain("RetentionDays", File(Generated.Value.Before, "Structures.g.cs"));
    }

    [Fact]
    public void The_shape_table_has_the_member_and_the_server_validates_it()
    {
        var table = File(After, "LightsailShapes.g.cs");
        Assert.Contains("public static readonly Shape RetentionDays = Shape.Scalar(\"RetentionDays\", ShapeType.Integer, min: 1, max: 3650);", table);
        Assert.Contains("new(\"retentionDays\", RetentionDays),", Field(table, "CreateBucketRequest"));

        Assert.Null(Validate("""{"bucketName":"b-1","bundleId":"small_1_0","retentionDays":30}"""));
        Assert.Equal(
            "Value '0' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
            Validate("""{"bucketName":"b-1","bundleId":"small_1_0","retentionDays":0}"""));
        Assert.Equal(
            "Value '3651' at 'retentionDays' failed to satisfy constraint: Member must have value less than or equal to 3650",
            Validate("""{"bucketName":"b-1","bundleId":"small_1_0","retentionDays":3651}"""));
    }

    [Fact]
    public async Task The_command_line_takes_the_option_and_shows_it_in_its_skeletons()
    {
        var input = await RunAsync("create-bucket", "--generate-cli-skeleton");
        Assert.Equal(0, input.Exit);
        using (var skeleton = JsonDocument.Parse(input.Stdout))
        {
            Assert.Equal(["bucketName", "bundleId", "tags", "enableObjectVersioning", "retentionDays"], skeleton.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(0, skeleton.RootElement.GetProperty("retentionDays").GetInt32());
        }

        var output = await RunAsync("create-bucket", "--bucket-name", "b-1", "--bundle-id", "small_1_0", "--generate-cli-skeleton", "output");
        Assert.Equal(0, output.Exit);
        using (var skeleton = JsonDocument.Parse(output.Stdout))
        {
            Assert.Equal(0, skeleton.RootElement.GetProperty("bucket").GetProperty("retentionDays").GetInt32());
        }

        // botocore's client-side check of the model's minimum, before any call.
        var refused = await RunAsync("create-bucket", "--bucket-name", "b-1", "--bundle-id", "small_1_0", "--retention-days", "0");
        Assert.Equal(252, refused.Exit);
        Assert.Contains("Invalid value for parameter retentionDays, value: 0, valid min value: 1", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_else_changes()
    {
        foreach (var (before, after) in Generated.Value.Before.Files.Zip(After.Files))
        {
            var added = Added(before.Text.Split('\n'), after.Text.Split('\n'));
            Assert.All(added, line => Assert.Matches(RelatedToTheMember(), line));
        }
    }

    private static string? Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ShapeValidator.Validate(document.RootElement, CreateBucket.Input);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var services = new LightsailCommandServices { Environment = AwsEnvironment.FromVariables(new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1" }) };
        var root = new RootCommand { LightsailCommand.Create(services, After.Model.Operations.Select(o => o.Model)) };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CommandLineRunner.RunAsync(root, ["lightsail", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string File(GeneratedModel model, string name) => model.Files.Single(f => f.Path.EndsWith("/" + name, StringComparison.Ordinal)).Text;

    /// <summary>A generated class, from its declaration to its closing brace.</summary>
    private static string Class(string source, string name)
    {
        var start = source.IndexOf($"public sealed partial class {name}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no class {name}");
        return source[start..(source.IndexOf("\n}\n", start, StringComparison.Ordinal) + 2)];
    }

    /// <summary>A field of the shape table, from its declaration to the end of its statement.</summary>
    private static string Field(string source, string name)
    {
        var start = source.IndexOf($"public static readonly Shape {name} =", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no field {name}");
        return source[start..(source.IndexOf(");\n", start, StringComparison.Ordinal) + 2)];
    }

    /// <summary>The lines of <paramref name="after"/> that are not in <paramref name="before"/>, which must all still be there, in order.</summary>
    private static List<string> Added(string[] before, string[] after)
    {
        var added = new List<string>();
        var next = 0;
        foreach (var line in after)
        {
            if (next < before.Length && before[next] == line)
            {
                next++;
            }
            else
            {
                added.Add(line);
            }
        }

        Assert.True(next == before.Length, $"a line is gone or moved: {(next < before.Length ? before[next] : string.Empty)}");
        return added;
    }

    [GeneratedRegex(@"^\s*$|RetentionDays|retentionDays|^\s*///")]
    private static partial Regex RelatedToTheMember();
}
