using System.Text.Json;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Model;

/// <summary>
/// Checks a JSON input against its shape in the generated shape table: required members, types, lengths,
/// patterns, ranges and enums. The first violation is returned in the service's words, naming the member's path.
/// </summary>
internal static class ShapeValidator
{
    public static string? Validate(JsonElement value, Shape shape) => ValidateValue(value, shape, path: string.Empty);

    private static string? ValidateValue(JsonElement value, Shape shape, string path)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return TypeError(path, "a structure");
                }

                foreach (var required in shape.Required)
                {
                    if (!value.TryGetProperty(required, out var present) || present.ValueKind == JsonValueKind.Null)
                    {
                        return $"Value null at '{Join(path, required)}' failed to satisfy constraint: Member must not be null";
                    }
                }

                foreach (var member in shape.Members)
                {
                    if (value.TryGetProperty(member.Name, out var memberValue) && memberValue.ValueKind != JsonValueKind.Null)
                    {
                        var error = ValidateValue(memberValue, member.Shape, Join(path, member.Name));
                        if (error is not null)
                        {
                            return error;
                        }
                    }
                }

                return null;

            case ShapeType.List:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return TypeError(path, "a list");
                }

                var count = value.GetArrayLength();
                if (shape.Max is { } maxItems && count > maxItems)
                {
                    return $"Value at '{path}' failed to satisfy constraint: Member must have length less than or equal to {maxItems}";
                }

                if (shape.Min is { } minItems && count < minItems)
                {
                    return $"Value at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {minItems}";
                }

                var index = 1;
                foreach (var item in value.EnumerateArray())
                {
                    var error = item.ValueKind == JsonValueKind.Null
                        ? $"Value null at '{path}.{index}.member' failed to satisfy constraint: Member must not be null"
                        : ValidateValue(item, shape.Member!, $"{path}.{index}.member");
                    if (error is not null)
                    {
                        return error;
                    }

                    index++;
                }

                return null;

            case ShapeType.String:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return TypeError(path, "a string");
                }

                var s = value.GetString()!;
                if (StorableText.HasNul(s))
                {
                    // Not echoed: the value is refused for the very character a message would carry.
                    return $"Value at '{path}' failed to satisfy constraint: Member must not contain {StorableText.NulCharacter}";
                }

                if (shape.Min is { } min && s.Length < min)
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}";
                }

                if (shape.Max is { } max && s.Length > max)
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}";
                }

                if (shape.EnumValues.Count > 0 && !shape.EnumValues.Contains(s))
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", shape.EnumValues)}]";
                }

                if (!shape.Matches(s))
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {shape.Pattern}";
                }

                return null;

            case ShapeType.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : TypeError(path, "a boolean");

            case ShapeType.Integer or ShapeType.Long:
                if (!TryGetInteger(value, shape.Type, out var number))
                {
                    return TypeError(path, "an integer");
                }

                if (shape.Min is { } minValue && number < minValue)
                {
                    return $"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {minValue}";
                }

                if (shape.Max is { } maxValue && number > maxValue)
                {
                    return $"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {maxValue}";
                }

                return null;

            case ShapeType.Float or ShapeType.Double:
                return value.ValueKind == JsonValueKind.Number ? null : TypeError(path, "a number");

            case ShapeType.Timestamp:
                return EpochSecondsConverter.TryRead(value, out _) ? null : TypeError(path, "a timestamp (epoch seconds or ISO 8601)");

            default:
                return null;
        }
    }

    /// <summary>An integer of the shape's width: 32 bits for an <c>integer</c>, 64 for a <c>long</c>.</summary>
    private static bool TryGetInteger(JsonElement value, ShapeType type, out long number)
    {
        number = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (type == ShapeType.Long)
        {
            return value.TryGetInt64(out number);
        }

        var isInt32 = value.TryGetInt32(out var int32);
        number = int32;
        return isInt32;
    }

    private static string TypeError(string path, string expected) =>
        $"Value at '{path}' failed to satisfy constraint: Member must be {expected}";

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "...";
}
