using System.Text;

namespace LocalSail.ModelGenerator.Emit;

/// <summary>Writes C# source a line at a time, indented by four spaces a level, with LF line ends.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4).Append(line);
        }

        _text.Append('\n');
        return this;
    }

    /// <summary>Opens a block: the line, then <c>{</c>, indented until the block is disposed.</summary>
    public IDisposable Block(string line, string close = "}")
    {
        Line(line);
        Line("{");
        _depth++;
        return new Closer(this, close);
    }

    public override string ToString() => _text.ToString();

    /// <summary>A C# string literal of <paramref name="value"/>.</summary>
    public static string Literal(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private sealed class Closer(CodeWriter writer, string close) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line(close);
        }
    }
}
