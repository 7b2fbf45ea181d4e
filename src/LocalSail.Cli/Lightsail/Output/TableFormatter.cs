using System.Text;
using System.Text.Json.Nodes;

namespace LocalSail.Cli.Lightsail.Output;

/// <summary>
/// The AWS CLI's <c>--output table</c> (uncoloured, as when stdout is not a terminal): a section per
/// object or list, scalar keys as sorted column headers, nested values indented below.
/// </summary>
internal sealed class TableFormatter
{
    private const int TerminalWidth = 80;
    private readonly List<TableSection> _sections = [];
    private TableSection? _current;

    public static string Format(string title, JsonNode? response)
    {
        var table = new TableFormatter();
        if (!table.Build(title, response, 0))
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        table.Render(output);
        return output.ToString();
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => PythonValues.Str(v) is "" or "0" or "0.0" or "False",
        _ => false,
    };

    private bool Build(string? title, JsonNode? current, int indentLevel)
    {
        if (IsEmpty(current))
        {
            return false;
        }

        if (title is not null)
        {
            NewSection(title, indentLevel);
        }

        if (current is JsonArray list)
        {
            if (list[0] is JsonObject)
            {
                BuildFromList(list, indentLevel, title);
            }
            else
            {
                foreach (var item in list)
                {
                    if (PythonValues.IsScalar(item))
                    {
                        _current!.AddRow([PythonValues.Str(item)]);
                    }
                    else if (item is JsonArray inner && inner.All(PythonValues.IsScalar))
                    {
                        _current!.AddRow(inner.Select(PythonValues.Str).ToList());
                    }
                    else
                    {
                        Build(null, item, 0);
                    }
                }
            }
        }

        if (current is JsonObject obj)
        {
            BuildFromObject(obj, indentLevel);
        }

        return true;
    }

    private void BuildFromObject(JsonObject current, int indentLevel)
    {
        var (headers, more) = GroupScalarKeys(current);
        if (headers.Count == 1)
        {
            _current!.AddRow([headers[0], PythonValues.Str(current[headers[0]])]);
        }
        else if (headers.Count > 0)
        {
            _current!.AddHeader(headers);
            _current.AddRow(headers.Select(h => PythonValues.Str(current[h])).ToList());
        }

        foreach (var remaining in more)
        {
            Build(remaining, current[remaining], indentLevel + 1);
        }
    }

    private void BuildFromList(JsonArray current, int indentLevel, string? title)
    {
        var headers = new SortedSet<string>(StringComparer.Ordinal);
        var more = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in current.OfType<JsonObject>())
        {
            var (h, m) = GroupScalarKeys(item);
            headers.UnionWith(h);
            more.UnionWith(m);
        }

        _current!.AddHeader([.. headers]);
        var first = true;
        foreach (var element in current.OfType<JsonObject>())
        {
            if (!first && more.Count > 0)
            {
                NewSection(title ?? string.Empty, indentLevel);
                _current!.AddHeader([.. headers]);
            }

            first = false;
            _current!.AddRow(headers.Select(h => element.TryGetPropertyValue(h, out var v) ? PythonValues.Str(v) : string.Empty).ToList());
            foreach (var remaining in more)
            {
                if (element.ContainsKey(remaining))
                {
                    Build(remaining, element[remaining], indentLevel + 1);
                }
            }
        }
    }

    private static (List<string> Headers, List<string> More) GroupScalarKeys(JsonObject current)
    {
        var headers = new List<string>();
        var more = new List<string>();
        foreach (var (key, value) in current)
        {
            (PythonValues.IsScalar(value) ? headers : more).Add(key);
        }

        headers.Sort(StringComparer.Ordinal);
        more.Sort(StringComparer.Ordinal);
        return (headers, more);
    }

    private void NewSection(string title, int indentLevel)
    {
        _current = new TableSection { Title = title, IndentLevel = indentLevel };
        _sections.Add(_current);
    }

    private void Render(StringBuilder output)
    {
        var maxWidth = MaxWidth();
        if (maxWidth > TerminalWidth)
        {
            // Too wide for the terminal: one-row sections turn into header/value pairs.
            for (var i = 0; i < _sections.Count; i++)
            {
                var section = _sections[i];
                if (section.Rows.Count == 1 && section.Headers.Count > 0)
                {
                    var vertical = new TableSection { Title = section.Title, IndentLevel = section.IndentLevel };
                    foreach (var (header, element) in section.Headers.Zip(section.Rows[0]))
                    {
                        vertical.AddRow([header, element]);
                    }

                    _sections[i] = vertical;
                }
            }

            maxWidth = MaxWidth();
        }

        output.Append('-', maxWidth).Append('\n');
        foreach (var section in _sections)
        {
            RenderSection(section, maxWidth, output);
        }
    }

    private int MaxWidth() => _sections.Max(s => s.TotalWidth(padding: 4, outerPadding: s.IndentLevel));

    private static void RenderSection(TableSection section, int maxWidth, StringBuilder output)
    {
        var indent = new string('|', section.IndentLevel);
        void WriteLine(string line) => output.Append(indent).Append(line).Append(indent).Append('\n');

        maxWidth -= section.IndentLevel * 2;
        if (section.Title.Length > 0)
        {
            WriteLine(CenterText(section.Title, maxWidth, "|", "|"));
            if (section.Headers.Count == 0 && section.Rows.Count == 0)
            {
                WriteLine("+" + new string('-', maxWidth - 2) + "+");
            }
        }

        if (section.Headers.Count > 0)
        {
            var widths = section.ColumnWidths(4, maxWidth);
            var line = new StringBuilder();
            for (var i = 0; i < widths.Count && i < section.Headers.Count; i++)
            {
                line.Append(CenterText(section.Headers[i], widths[i], i == 0 ? "|" : string.Empty, "|"));
            }

            WriteLine(LineBreak(widths));
            WriteLine(line.ToString());
        }

        if (section.Rows.Count > 0)
        {
            var widths = section.ColumnWidths(4, maxWidth);
            if (widths.Count == 0)
            {
                return;
            }

            WriteLine(LineBreak(widths));
            foreach (var row in section.Rows)
            {
                var line = new StringBuilder();
                for (var i = 0; i < widths.Count && i < row.Count; i++)
                {
                    line.Append(AlignLeft(row[i], widths[i], i == 0 ? "|" : string.Empty, "|"));
                }

                WriteLine(line.ToString());
            }

            WriteLine(LineBreak(widths));
        }
    }

    private static string LineBreak(IReadOnlyList<int> widths)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < widths.Count; i++)
        {
            builder.Append(i == 0 ? "+" + new string('-', widths[i] - 2) + "+" : new string('-', widths[i] - 1) + "+");
        }

        return builder.ToString();
    }

    private static string CenterText(string text, int length, string leftEdge, string rightEdge)
    {
        var textLength = TextLength(text);
        var start = (length / 2) - (textLength / 2) - 1;
        var soFar = leftEdge.Length + start + textLength;
        var rightSpaces = length - rightEdge.Length - soFar;
        return leftEdge + new string(' ', Math.Max(start, 0)) + text + new string(' ', Math.Max(rightSpaces, 0)) + rightEdge;
    }

    private static string AlignLeft(string text, int length, string leftEdge, string rightEdge)
    {
        var textLength = TextLength(text);
        var padding = length - (textLength + 2 + leftEdge.Length + rightEdge.Length) >= 0 ? 2 : 0;
        var soFar = leftEdge.Length + padding + textLength;
        return leftEdge + new string(' ', padding) + text + new string(' ', Math.Max(length - soFar - rightEdge.Length, 0)) + rightEdge;
    }

    /// <summary>Columns a text takes; wide East Asian characters take two.</summary>
    internal static int TextLength(string text)
    {
        var length = 0;
        foreach (var c in text)
        {
            length += c is (>= '\u1100' and <= '\u115F') or (>= '\u2E80' and <= '\uA4CF') or (>= '\uAC00' and <= '\uD7A3') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFF60') or (>= '\uFFE0' and <= '\uFFE6') ? 2 : 1;
        }

        return length;
    }

    private sealed class TableSection
    {
        private readonly List<int> _maxWidths = [];
        private int? _columns;

        public string Title { get; init; } = string.Empty;

        public int IndentLevel { get; init; }

        public List<string> Headers { get; private set; } = [];

        public List<List<string>> Rows { get; } = [];

        public void AddHeader(List<string> headers)
        {
            UpdateMaxWidths(headers);
            _columns ??= headers.Count;
            Headers = headers;
        }

        public void AddRow(List<string> row)
        {
            _columns ??= row.Count;
            Rows.Add(row);
            UpdateMaxWidths(row);
        }

        public List<int> ColumnWidths(int padding, int? maxWidth)
        {
            var unscaled = _maxWidths.Select(w => w + padding).ToList();
            if (maxWidth is null || unscaled.Count == 0)
            {
                return unscaled;
            }

            var scale = maxWidth.Value / (double)unscaled.Sum();
            var scaled = unscaled.Select(w => (int)Math.Round(scale * w, MidpointRounding.ToEven)).ToList();
            var offBy = scaled.Sum() - maxWidth.Value;
            while (offBy != 0)
            {
                var order = Enumerable.Range(0, scaled.Count);
                if (offBy < 0)
                {
                    order = order.Reverse();
                }

                foreach (var i in order)
                {
                    if (offBy > 0)
                    {
                        scaled[i]--;
                        offBy--;
                    }
                    else
                    {
                        scaled[i]++;
                        offBy++;
                    }

                    if (offBy == 0)
                    {
                        break;
                    }
                }
            }

            return scaled;
        }

        public int TotalWidth(int padding, int outerPadding)
        {
            var total = ColumnWidths(0, null).Sum(w => w + padding) + 2 + (2 * outerPadding);
            return Math.Max(TextLength(Title) + 2 + (2 * outerPadding), total);
        }

        private void UpdateMaxWidths(List<string> row)
        {
            if (_maxWidths.Count == 0)
            {
                _maxWidths.AddRange(row.Select(TextLength));
                return;
            }

            for (var i = 0; i < row.Count && i < _maxWidths.Count; i++)
            {
                _maxWidths[i] = Math.Max(TextLength(row[i]), _maxWidths[i]);
            }
        }
    }
}
