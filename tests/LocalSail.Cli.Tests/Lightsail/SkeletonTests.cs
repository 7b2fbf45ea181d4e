using System.Text.Json;
using LocalSail.Cli.Lightsail;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Tests.Lightsail;

/// <summary>
/// --generate-cli-skeleton input follows the operation's input shape member for member, with the AWS CLI's
/// placeholders. The shapes are the generated ones, which a test keeps equal to the installed botocore model.
/// </summary>
public sealed class SkeletonTests
{
    public static TheoryData<string> Operations() => [.. LightsailOperations.All.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Input_skeleton_matches_the_model(string operationName)
    {
        var operation = LightsailOperations.Find(operationName)!;
        var result = await CliRun.LocalSailAsync(null, "lightsail", CliNames.ToCliName(operation.Name), "--generate-cli-skeleton");

        Assert.Equal(0, result.Exit);
        using var skeleton = JsonDocument.Parse(result.Stdout);
        AssertMatches(operation.Input, skeleton.RootElement);
    }

    private static void AssertMatches(Shape shape, JsonElement value)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                Assert.Equal(shape.Members.Select(m => m.Name), value.EnumerateObject().Select(p => p.Name));
                foreach (var member in shape.Members)
                {
                    AssertMatches(member.Shape, value.GetProperty(member.Name));
                }

                break;
            case ShapeType.List:
                AssertMatches(shape.Member!, Assert.Single(value.EnumerateArray()));
                break;
            case ShapeType.String:
                if (shape.EnumValues.Count > 0)
                {
                    Assert.Contains(value.GetString(), shape.EnumValues);
                }
                else
                {
                    Assert.Equal(string.Empty, value.GetString());
                }

                break;
            case ShapeType.Integer or ShapeType.Long:
                Assert.Equal("0", value.GetRawText());
                break;
            case ShapeType.Float or ShapeType.Double:
                Assert.Equal("0.0", value.GetRawText());
                break;
            case ShapeType.Boolean:
                Assert.Equal(JsonValueKind.True, value.ValueKind);
                break;
            case ShapeType.Timestamp:
                Assert.Equal("1970-01-01T00:00:00", value.GetString());
                break;
            default:
                Assert.Fail($"Unexpected shape type in {shape.Name}");
                break;
        }
    }
}
