using System.Text.Json.Nodes;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Lightsail.Output;

/// <summary>
/// botocore's <c>ArgumentGenerator</c>, behind <c>--generate-cli-skeleton</c>: every member with a
/// placeholder, lists with one element. For input, strings are empty (an enum shows one of its values;
/// the AWS CLI picks one at random, this picks the first); for output they are the member's name.
/// </summary>
internal static class SkeletonGenerator
{
    /// <summary>The AWS CLI prints Python's <c>datetime(1970, 1, 1).isoformat()</c> for timestamps.</summary>
    public const string TimestampPlaceholder = "1970-01-01T00:00:00";

    /// <summary>Python's <c>str()</c> of that datetime, which the text and table outputs print.</summary>
    public const string TimestampPlaceholderText = "1970-01-01 00:00:00";

    public static JsonNode? Generate(Shape shape, bool useMemberNames, string timestampPlaceholder = TimestampPlaceholder) =>
        Generate(shape, useMemberNames, timestampPlaceholder, name: string.Empty, stack: []);

    private static JsonNode? Generate(Shape shape, bool useMemberNames, string timestampPlaceholder, string name, List<string> stack)
    {
        stack.Add(shape.Name);
        try
        {
            switch (shape.Type)
            {
                case ShapeType.Structure:
                    var structure = new JsonObject();
                    // A shape that contains itself is shown once, then as an empty object.
                    if (stack.Count(s => s == shape.Name) > 1)
                    {
                        return structure;
                    }

                    foreach (var member in shape.Members)
                    {
                        structure[member.Name] = Generate(member.Shape, useMemberNames, timestampPlaceholder, member.Name, stack);
                    }

                    return structure;
                case ShapeType.List:
                    var elementName = useMemberNames ? shape.Member!.Name : string.Empty;
                    return new JsonArray(Generate(shape.Member!, useMemberNames, timestampPlaceholder, elementName, stack));
                case ShapeType.String:
                    if (useMemberNames)
                    {
                        return JsonValue.Create(name);
                    }

                    return JsonValue.Create(shape.EnumValues.Count > 0 ? shape.EnumValues[0] : string.Empty);
                case ShapeType.Integer or ShapeType.Long:
                    return JsonValue.Create(0L);
                case ShapeType.Float or ShapeType.Double:
                    return JsonValue.Create(0.0d);
                case ShapeType.Boolean:
                    return JsonValue.Create(true);
                case ShapeType.Timestamp:
                    return JsonValue.Create(timestampPlaceholder);
                default:
                    return null;
            }
        }
        finally
        {
            stack.RemoveAt(stack.Count - 1);
        }
    }
}
