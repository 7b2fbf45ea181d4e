using System.Text.Json;
using System.Text.Json.Nodes;
using LocalSail.Lightsail.Model.Shapes;

namespace LocalSail.Cli.Lightsail.Input;

/// <summary>
/// botocore's client-side checks before a call: required members present, no unknown members, values of
/// the right kind, and the model's minimum lengths and values.
/// </summary>
internal static class ParameterValidator
{
    public static IReadOnlyList<string> Validate(Shape shape, JsonObject input)
    {
        var errors = new List<string>();
        ValidateStructure(shape, input, name: string.Empty, errors);
        return errors;
    }

    private static void Validate(Shape shape, JsonNode? value, string name, List<string> errors)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                if (value is JsonObject obj)
                {
                    ValidateStructure(shape, obj, name, errors);
                }
                else
                {
                    errors.Add($"Invalid type for parameter {name}, value: {Describe(value)}, type: {KindOf(value)}, valid types: <class 'dict'>");
                }

                break;
            case ShapeType.List:
                if (value is JsonArray array)
                {
                    if (shape.Min is { } min && array.Count < min)
                    {
                        errors.Add($"Invalid length for parameter {name}, value: {array.Count}, valid min length: {min}");
                    }

                    for (var i = 0; i < array.Count; i++)
                    {
                        Validate(shape.Member!, array[i], $"{name}[{i}]", errors);
                    }
                }
                else
                {
                    errors.Add($"Invalid type for parameter {name}, value: {Describe(value)}, type: {KindOf(value)}, valid types: <class 'list'>, <class 'tuple'>");
                }

                break;
            case ShapeType.String:
                if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String)
                {
                    var length = s.GetValue<string>().Length;
                    if (shape.Min is { } minLength && length < minLength)
                    {
                        errors.Add($"Invalid length for parameter {name}, value: {length}, valid min length: {minLength}");
                    }
                }
                else
                {
                    errors.Add($"Invalid type for parameter {name}, value: {Describe(value)}, type: {KindOf(value)}, valid types: <class 'str'>");
                }

                break;
            case ShapeType.Boolean:
                if (value is not JsonValue b || b.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"Invalid type for parameter {name}, value: {Describe(value)}, type: {KindOf(value)}, valid types: <class 'bool'>");
                }

                break;
            case ShapeType.Integer or ShapeType.Long:
                if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number && IsInteger(n))
                {
                    if (shape.Min is { } minValue && ToDecimal(n) < minValue)
                    {
                        errors.Add($"Invalid value for parameter {name}, value: {Describe(value)}, valid min value: {minValue}");
                    }
                }
                else
                {
                    errors.Add($"Invalid type for parameter {name}, value: {Describe(value)}, type: {KindOf(value)}, valid types: <class 'int'>");
                }

                break;
            case ShapeType.Float or ShapeType.Double:
                if (value is not JsonValue f || f.GetValueKind() != JsonValueKind.Number)
                {
                    errors.Add($"Invalid type for parameter {name}, value: {Describe(value)}, type: {KindOf(value)}, valid types: <class 'float'>, <class 'decimal.Decimal'>, <class 'int'>");
                }

                break;
            case ShapeType.Timestamp:
                if (value is not JsonValue t || t.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
                {
                    errors.Add($"Invalid type for parameter {name}, value: {Describe(value)}, type: {KindOf(value)}, valid types: <class 'datetime.datetime'>, <class 'str'>");
                }

                break;
        }
    }

    private static void ValidateStructure(Shape shape, JsonObject obj, string name, List<string> errors)
    {
        foreach (var required in shape.Members.Where(m => shape.Required.Contains(m.Name)))
        {
            if (!obj.ContainsKey(required.Name))
            {
                errors.Add($"Missing required parameter in {(name.Length == 0 ? "input" : name)}: \"{required.Name}\"");
            }
        }

        foreach (var (key, value) in obj)
        {
            var member = shape.FindMember(key);
            if (member is null)
            {
                errors.Add($"Unknown parameter in {(name.Length == 0 ? "input" : name)}: \"{key}\", must be one of: {string.Join(", ", shape.Members.Select(m => m.Name))}");
                continue;
            }

            Validate(member.Shape, value, name.Length == 0 ? key : $"{name}.{key}", errors);
        }
    }

    private static bool IsInteger(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element)
            ? element.TryGetInt64(out _)
            : value.TryGetValue<long>(out _) || value.TryGetValue<int>(out _);

    private static decimal ToDecimal(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element) ? element.GetDecimal() : value.GetValue<long>();

    private static string Describe(JsonNode? value) => value is null ? "None" : value.ToJsonString();

    private static string KindOf(JsonNode? value) => value switch
    {
        null => "<class 'NoneType'>",
        JsonObject => "<class 'dict'>",
        JsonArray => "<class 'list'>",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "<class 'str'>",
            JsonValueKind.True or JsonValueKind.False => "<class 'bool'>",
            JsonValueKind.Number => IsInteger(v) ? "<class 'int'>" : "<class 'float'>",
            _ => "<class 'NoneType'>",
        },
        _ => "<class 'object'>",
    };
}
