using System.Text.Json.Nodes;

namespace LocalSail.Cli.Lightsail.Output;

/// <summary>The AWS CLI's <c>--output text</c>: tab-separated scalars, one line per object, sections named in capitals.</summary>
internal static class TextFormatter
{
    public static void Write(TextWriter writer, JsonNode? node) => Format(writer, node, identifier: null, scalarKeys: null);

    private static void Format(TextWriter writer, JsonNode? item, string? identifier, IReadOnlyList<string>? scalarKeys)
    {
        switch (item)
        {
            case JsonObject obj:
                FormatObject(writer, obj, identifier, scalarKeys);
                break;
            case JsonArray array:
                FormatList(writer, array, identifier);
                break;
            default:
                writer.Write(PythonValues.Str(item));
                writer.Write('\n');
                break;
        }
    }

    private static void FormatList(TextWriter writer, JsonArray list, string? identifier)
    {
        if (list.Count == 0)
        {
            return;
        }

        if (list.Any(e => e is JsonObject))
        {
            var keys = AllScalarKeys(list);
            foreach (var element in list)
            {
                Format(writer, element, identifier, keys);
            }
        }
        else if (list.Any(e => e is JsonArray))
        {
            var scalars = list.Where(PythonValues.IsScalar).ToList();
            if (scalars.Count > 0)
            {
                FormatScalarList(writer, scalars, identifier);
            }

            foreach (var nonScalar in list.Where(e => !PythonValues.IsScalar(e)))
            {
                Format(writer, nonScalar, identifier, scalarKeys: null);
            }
        }
        else
        {
            FormatScalarList(writer, list.ToList(), identifier);
        }
    }

    private static void FormatScalarList(TextWriter writer, List<JsonNode?> elements, string? identifier)
    {
        if (identifier is not null)
        {
            foreach (var element in elements)
            {
                writer.Write($"{identifier.ToUpperInvariant()}\t{PythonValues.Str(element)}\n");
            }
        }
        else
        {
            writer.Write(string.Join('\t', elements.Select(PythonValues.Str)));
            writer.Write('\n');
        }
    }

    private static void FormatObject(TextWriter writer, JsonObject obj, string? identifier, IReadOnlyList<string>? scalarKeys)
    {
        var scalars = new List<string>();
        var nonScalars = new List<(string Key, JsonNode? Value)>();
        if (scalarKeys is null)
        {
            foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (PythonValues.IsScalar(value))
                {
                    scalars.Add(PythonValues.Str(value));
                }
                else
                {
                    nonScalars.Add((key, value));
                }
            }
        }
        else
        {
            foreach (var key in scalarKeys)
            {
                scalars.Add(obj.TryGetPropertyValue(key, out var value) ? PythonValues.Str(value) : string.Empty);
            }

            foreach (var (key, value) in obj.Where(p => !scalarKeys.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                nonScalars.Add((key, value));
            }
        }

        if (scalars.Count > 0)
        {
            if (identifier is not null)
            {
                scalars.Insert(0, identifier.ToUpperInvariant());
            }

            writer.Write(string.Join('\t', scalars));
            writer.Write('\n');
        }

        foreach (var (key, value) in nonScalars)
        {
            Format(writer, value, key, scalarKeys: null);
        }
    }

    private static List<string> AllScalarKeys(JsonArray list)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var element in list.OfType<JsonObject>())
        {
            foreach (var (key, value) in element)
            {
                if (PythonValues.IsScalar(value))
                {
                    keys.Add(key);
                }
            }
        }

        return [.. keys];
    }
}
