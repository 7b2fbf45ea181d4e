using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalSail.Cli.Lightsail.Output;

/// <summary>
/// How Python sees a JSON scalar after <c>json.loads</c>: a number with a fraction or exponent is a float,
/// any other an int; and how <c>str()</c> and <c>json.dumps</c> then print it.
/// </summary>
internal static class PythonValues
{
    /// <summary>The number as <c>json.dumps</c> and <c>str()</c> print it.</summary>
    public static string FormatNumber(JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            var raw = element.GetRawText();
            if (raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            {
                return PythonFloat.Repr(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            return BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<double>(out var d))
        {
            return PythonFloat.Repr(d);
        }

        if (value.TryGetValue<float>(out var f))
        {
            return PythonFloat.Repr(f);
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l.ToString(CultureInfo.InvariantCulture);
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i.ToString(CultureInfo.InvariantCulture);
        }

        return value.ToJsonString();
    }

    /// <summary>Python's <c>str()</c> of a parsed JSON value, as the text output prints scalars.</summary>
    public static string Str(JsonNode? node) => node switch
    {
        null => "None",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.Number => FormatNumber(value),
            JsonValueKind.Null => "None",
            _ => value.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    public static bool IsScalar(JsonNode? node) => node is not (JsonObject or JsonArray);
}
