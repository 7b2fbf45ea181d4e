using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LocalSail.ModelGenerator.Emit;

/// <summary>
/// The model's documentation (HTML) as XML doc comments of plain text: block elements become paragraphs,
/// list items paragraphs that begin with a dash, inline tags (<c>code</c>, links) are dropped and their text kept.
/// </summary>
internal static partial class Documentation
{
    private const int Width = 110;

    /// <summary>The plain-text paragraphs of an HTML documentation string.</summary>
    public static IReadOnlyList<string> Paragraphs(string? html)
    {
        var paragraphs = new List<string>();
        if (string.IsNullOrWhiteSpace(html))
        {
            return paragraphs;
        }

        var current = new StringBuilder();
        var bullet = false;
        void Close()
        {
            var text = Whitespace().Replace(WebUtility.HtmlDecode(current.ToString()), " ").Trim();
            if (text.Length > 0)
            {
                paragraphs.Add(bullet ? "- " + text : text);
                bullet = false;
            }

            current.Clear();
        }

        var position = 0;
        foreach (Match tag in Tag().Matches(html))
        {
            current.Append(html, position, tag.Index - position);
            position = tag.Index + tag.Length;
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (name is "p" or "ul" or "ol" or "li" or "br" or "note" or "important" or "div" or "dl" or "dt" or "dd")
            {
                Close();
                bullet |= name == "li" && !tag.Value.StartsWith("</", StringComparison.Ordinal);
            }
        }

        current.Append(html, position, html.Length - position);
        Close();
        return paragraphs;
    }

    /// <summary>
    /// A <c>&lt;summary&gt;</c> of the paragraphs (the first as its text, the rest as <c>&lt;para&gt;</c>),
    /// then <paramref name="notes"/> as paragraphs of their own; nothing when there is nothing to say.
    /// </summary>
    public static void Write(CodeWriter writer, string? html, params string[] notes)
    {
        var paragraphs = Paragraphs(html).Concat(notes).ToList();
        if (paragraphs.Count == 0)
        {
            return;
        }

        if (paragraphs.Count == 1 && Escape(paragraphs[0]) is { Length: <= Width } single)
        {
            writer.Line($"/// <summary>{single}</summary>");
            return;
        }

        writer.Line("/// <summary>");
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var lines = Wrap(Escape(paragraphs[i]));
            if (i == 0)
            {
                lines.ForEach(line => writer.Line("/// " + line));
            }
            else
            {
                writer.Line("/// <para>");
                lines.ForEach(line => writer.Line("/// " + line));
                writer.Line("/// </para>");
            }
        }

        writer.Line("/// </summary>");
    }

    /// <summary>Text made safe inside an XML doc comment.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static List<string> Wrap(string text)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > Width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }

    [GeneratedRegex(@"</?(?<name>[A-Za-z][A-Za-z0-9]*)\b[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
