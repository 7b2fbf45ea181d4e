using System.Globalization;
using System.Text.Json;

namespace LocalSail.Server.ControlPlane.Model;

/// <summary>
/// Checks a JSON input against its shape: required members, types, lengths, patterns and enums. The
/// first violation is returned in the service's words, naming the member's path.
/// </summary>
public static class ShapeValidator
{
    public static string? Validate(JsonElement value, StructureShape shape) => ValidateValue(value, shape, path: string.Empty);

    private static string? ValidateValue(JsonElement value, Shape shape, string path)
    {
        switch (shape)
        {
            case StructureShape structure:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return TypeError(path, "a structure");
                }

                foreach (var required in structure.Required)
                {
                    if (!value.TryGetProperty(required, out var present) || present.ValueKind == JsonValueKind.Null)
                    {
                        return $"Value null at '{Join(path, required)}' failed to satisfy constraint: Member must not be null";
                    }
                }

                foreach (var member in structure.Members)
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

            case ListShape list:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return TypeError(path, "a list");
                }

                var count = value.GetArrayLength();
                if (list.Max is { } maxItems && count > maxItems)
                {
                    return $"Value at '{path}' failed to satisfy constraint: Member must have length less than or equal to {maxItems}";
                }

                if (list.Min is { } minItems && count < minItems)
                {
                    return $"Value at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {minItems}";
                }

                var index = 1;
                foreach (var item in value.EnumerateArray())
                {
                    var error = item.ValueKind == JsonValueKind.Null
                        ? $"Value null at '{path}.{index}.member' failed to satisfy constraint: Member must not be null"
                        : ValidateValue(item, list.Member, $"{path}.{index}.member");
                    if (error is not null)
                    {
                        return error;
                    }

                    index++;
                }

                return null;

            case StringShape text:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return TypeError(path, "a string");
                }

                var s = value.GetString()!;
                if (text.Min is { } min && s.Length < min)
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}";
                }

                if (text.Max is { } max && s.Length > max)
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}";
                }

                if (text.Enum is { } allowed && !allowed.Contains(s))
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]";
                }

                if (!text.Matches(s))
                {
                    return $"Value '{Shorten(s)}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {text.Pattern}";
                }

                return null;

            case BooleanShape:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : TypeError(path, "a boolean");

            case IntegerShape integer:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
                {
                    return TypeError(path, "an integer");
                }

                if (integer.Min is { } minValue && number < minValue)
                {
                    return $"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value greater than or equal to {minValue}";
                }

                if (integer.Max is { } maxValue && number > maxValue)
                {
                    return $"Value '{number}' at '{path}' failed to satisfy constraint: Member must have value less than or equal to {maxValue}";
                }

                return null;

            case FloatShape:
                return value.ValueKind == JsonValueKind.Number ? null : TypeError(path, "a number");

            case TimestampShape:
                return TryReadTimestamp(value, out _) ? null : TypeError(path, "a timestamp (epoch seconds or ISO 8601)");

            default:
                return null;
        }
    }

    /// <summary>Timestamps arrive as epoch seconds (what the SDKs send) or as ISO 8601 strings.</summary>
    public static bool TryReadTimestamp(JsonElement value, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds)
            && Math.Abs(seconds) < 253402300799)
        {
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            return true;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp);
    }

    private static string TypeError(string path, string expected) =>
        $"Value at '{path}' failed to satisfy constraint: Member must be {expected}";

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";

    private static string Shorten(string value) => value.Length <= 100 ? value : value[..100] + "...";
}
