using System.Globalization;
using System.Text;

namespace LocalSail.Server.DataPlane.Xml;

/// <summary>Builds the small XML documents S3 answers with; every value is escaped.</summary>
public sealed class S3XmlBuilder(int capacity = 1024)
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    private readonly StringBuilder _builder = new StringBuilder(capacity).Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    /// <summary>Opens the root element with S3's namespace.</summary>
    public S3XmlBuilder Root(string name)
    {
        _builder.Append('<').Append(name).Append(" xmlns=\"").Append(Namespace).Append("\">");
        return this;
    }

    public S3XmlBuilder Open(string name)
    {
        _builder.Append('<').Append(name).Append('>');
        return this;
    }

    public S3XmlBuilder Close(string name)
    {
        _builder.Append("</").Append(name).Append('>');
        return this;
    }

    public S3XmlBuilder Element(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        _builder.Append('<').Append(name).Append('>');
        Escape(value);
        _builder.Append("</").Append(name).Append('>');
        return this;
    }

    public S3XmlBuilder Element(string name, long value) => Element(name, value.ToString(CultureInfo.InvariantCulture));

    public S3XmlBuilder Element(string name, bool value) => Element(name, value ? "true" : "false");

    public S3XmlBuilder Element(string name, DateTimeOffset value) => Element(name, S3Format.IsoTime(value));

    /// <summary>Appends pre-built XML (used for the grantee element with its xsi attribute).</summary>
    public S3XmlBuilder Raw(string xml)
    {
        _builder.Append(xml);
        return this;
    }

    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(_builder.ToString());

    public override string ToString() => _builder.ToString();

    private void Escape(string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '<':
                    _builder.Append("&lt;");
                    break;
                case '>':
                    _builder.Append("&gt;");
                    break;
                case '&':
                    _builder.Append("&amp;");
                    break;
                case '"':
                    _builder.Append("&quot;");
                    break;
                case '\r':
                    _builder.Append("&#13;");
                    break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t')
                    {
                        _builder.Append("&#").Append((int)c).Append(';');
                    }
                    else
                    {
                        _builder.Append(c);
                    }

                    break;
            }
        }
    }
}
