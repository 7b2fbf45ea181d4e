using System.Text.Json;
using System.Text.Json.Nodes;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Lightsail.Output;

/// <summary>
/// Reads a response body the way botocore's JSON parser does: only the output shape's members, in the
/// model's order, nulls dropped, scalars (timestamps included) kept as they came over the wire.
/// </summary>
internal static class ResponseShaper
{
    public static JsonObject Shape(Shape outputShape, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return [];
        }

        using var document = JsonDocument.Parse(body.ToArray());
        return Shape(outputShape, document.RootElement) as JsonObject ?? [];
    }

    public static JsonNode? Shape(Shape shape, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        switch (shape.Type)
        {
            case ShapeType.Structure when element.ValueKind == JsonValueKind.Object:
                var result = new JsonObject();
                foreach (var member in shape.Members)
                {
                    if (element.TryGetProperty(member.Name, out var value) && value.ValueKind != JsonValueKind.Null)
                    {
                        result[member.Name] = Shape(member.Shape, value);
                    }
                }

                return result;
            case ShapeType.List when element.ValueKind == JsonValueKind.Array:
                var list = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(Shape(shape.Member!, item));
                }

                return list;
            default:
                return JsonNode.Parse(element.GetRawText());
        }
    }
}
