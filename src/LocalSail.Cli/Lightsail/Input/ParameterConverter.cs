using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalSail.Lightsail.Model.Serialization;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Lightsail.Input;

/// <summary>
/// Turns the strings after an option into the JSON value its shape needs, as the AWS CLI does: scalars
/// parsed by type, lists from several words, structures from JSON or shorthand, <c>file://</c> read in.
/// </summary>
internal static class ParameterConverter
{
    public static JsonNode? Convert(string optionName, Shape shape, IReadOnlyList<string> words)
    {
        try
        {
            var values = words.Select(ReadParameterFile).ToList();
            if (shape.Type == ShapeType.List)
            {
                if (values.Count == 1 && values[0].TrimStart().StartsWith('['))
                {
                    return FromJson(shape, values[0]);
                }

                var list = new JsonArray();
                foreach (var value in values)
                {
                    list.Add(shape.Member!.IsScalar ? Scalar(shape.Member, value) : Single(shape.Member, value));
                }

                return list;
            }

            if (values.Count != 1)
            {
                throw new CliUsageException($"expected one argument, received {values.Count}");
            }

            return Single(shape, values[0]);
        }
        catch (CliUsageException e)
        {
            throw new CliUsageException($"Error parsing parameter '{optionName}': {e.Message}", e);
        }
    }

    /// <summary>A parameter value of <c>file://PATH</c> stands for the file's text.</summary>
    public static string ReadParameterFile(string value)
    {
        const string Prefix = "file://";
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return value;
        }

        var path = value[Prefix.Length..];
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Unable to load paramfile {value}: {e.Message}", e);
        }
    }

    private static JsonNode? Single(Shape shape, string value)
    {
        if (shape.IsScalar)
        {
            return Scalar(shape, value);
        }

        var trimmed = value.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return FromJson(shape, value);
        }

        return Coerce(shape, Shorthand.Parse(value));
    }

    private static JsonNode? FromJson(Shape shape, string value)
    {
        try
        {
            return JsonNode.Parse(value);
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"Invalid JSON: {e.Message}\nJSON received: {value}", e);
        }
    }

    /// <summary>Gives shorthand's untyped strings, lists and dictionaries the types of the shape.</summary>
    private static JsonNode? Coerce(Shape shape, object value)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                if (value is not Dictionary<string, object> dictionary)
                {
                    throw new CliUsageException($"Expected a structure for {shape.Name}");
                }

                var result = new JsonObject();
                foreach (var (key, item) in dictionary)
                {
                    var member = shape.FindMember(key)
                        ?? throw new CliUsageException($"Unknown key '{key}', valid choices are: {string.Join(", ", shape.Members.Select(m => m.Name))}");
                    result[key] = Coerce(member.Shape, item);
                }

                return result;
            case ShapeType.List:
                var items = value as List<object> ?? [value];
                var list = new JsonArray();
                foreach (var item in items)
                {
                    list.Add(Coerce(shape.Member!, item));
                }

                return list;
            default:
                return value is string text ? Scalar(shape, text) : throw new CliUsageException($"Expected a value for {shape.Name}");
        }
    }

    public static JsonNode? Scalar(Shape shape, string value)
    {
        switch (shape.Type)
        {
            case ShapeType.Integer or ShapeType.Long:
                return long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                    ? JsonValue.Create(integer)
                    : throw new CliUsageException($"invalid literal for int() with base 10: '{value}'");
            case ShapeType.Float or ShapeType.Double:
                return double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : throw new CliUsageException($"could not convert string to float: '{value}'");
            case ShapeType.Boolean:
                return value.Trim().ToLowerInvariant() switch
                {
                    "true" => JsonValue.Create(true),
                    "false" => JsonValue.Create(false),
                    _ => throw new CliUsageException($"Invalid value for boolean: '{value}'"),
                };
            case ShapeType.Timestamp:
                return JsonValue.Create(ParseTimestamp(value));
            default:
                return JsonValue.Create(value);
        }
    }

    /// <summary>Timestamps given as ISO 8601 text (in --cli-input-json) go over the wire as epoch seconds.</summary>
    public static JsonNode? NormalizeTimestamps(Shape shape, JsonNode? value)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure when value is JsonObject obj:
                foreach (var member in shape.Members)
                {
                    if (obj.TryGetPropertyValue(member.Name, out var item))
                    {
                        obj[member.Name] = NormalizeTimestamps(member.Shape, item?.DeepClone());
                    }
                }

                return obj;
            case ShapeType.List when value is JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = NormalizeTimestamps(shape.Member!, array[i]?.DeepClone());
                }

                return array;
            case ShapeType.Timestamp when value is JsonValue text && text.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(ParseTimestamp(text.GetValue<string>()));
            default:
                return value;
        }
    }

    /// <summary>Epoch seconds, from epoch seconds or an ISO 8601 time (UTC unless it says otherwise).</summary>
    public static decimal ParseTimestamp(string value)
    {
        var trimmed = value.Trim();
        if (decimal.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds;
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return EpochSecondsConverter.ToEpochSeconds(time);
        }

        throw new CliUsageException($"Invalid timestamp value: {value}");
    }
}
