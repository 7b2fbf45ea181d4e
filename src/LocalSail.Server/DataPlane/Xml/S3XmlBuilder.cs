using System.Buffers;
using System.Globalization;
using System.Text;

namespace LocalSail.Server.DataPlane.Xml;

/// <summary>
/// Builds the XML documents S3 answers with, every value escaped, as UTF-8 straight into a pooled
/// buffer: a 1,000-key listing is about 250 KB, and building it as a string first cost two more copies
/// of that size on the large-object heap per page.
/// </summary>
/// <remarks>
/// Handlers never hold one: <c>S3Responses.XmlAsync</c> lends a builder to the code that writes the document
/// and gives its buffer back once the answer is sent, so a buffer cannot be kept past its return to the pool.
/// </remarks>
internal sealed class S3XmlBuilder : IDisposable
{
    public const string Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    // What is written as a reference: markup characters, double quotes (as S3 writes them), CR, and the
    // control characters other than tab and line feed.
    private static readonly SearchValues<char> MustEscape = SearchValues.Create(
        "<>&\"\r\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private byte[] _buffer;
    private int _length;

    public S3XmlBuilder(int capacity = 1024)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        Markup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    /// <summary>The document so far; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Utf8 => _buffer.AsMemory(0, _length);

    /// <summary>Opens the root element with S3's namespace.</summary>
    public S3XmlBuilder Root(string name)
    {
        Markup("<").Markup(name).Markup(" xmlns=\"").Markup(Namespace).Markup("\">");
        return this;
    }

    public S3XmlBuilder Open(string name) => Tag(name, closing: false);

    public S3XmlBuilder Close(string name) => Tag(name, closing: true);

    public S3XmlBuilder Element(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        Open(name);
        Escape(value);
        return Close(name);
    }

    /// <summary>An element whose value S3 shows in double quotes (an ETag), the quotes escaped.</summary>
    public S3XmlBuilder QuotedElement(string name, string value)
    {
        Open(name).Markup("&quot;");
        Escape(value);
        return Markup("&quot;").Close(name);
    }

    public S3XmlBuilder Element(string name, long value)
    {
        Open(name);
        var span = Reserve(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        return Close(name);
    }

    public S3XmlBuilder Element(string name, bool value) => Open(name).Markup(value ? "true" : "false").Close(name);

    /// <summary>ISO 8601 in UTC with milliseconds, as S3 writes timestamps in XML.</summary>
    public S3XmlBuilder Element(string name, DateTimeOffset value)
    {
        Open(name);
        var time = value.UtcDateTime;
        var span = Reserve(24);
        Digits(span, time.Year, 4);
        span[4] = (byte)'-';
        Digits(span[5..], time.Month, 2);
        span[7] = (byte)'-';
        Digits(span[8..], time.Day, 2);
        span[10] = (byte)'T';
        Digits(span[11..], time.Hour, 2);
        span[13] = (byte)':';
        Digits(span[14..], time.Minute, 2);
        span[16] = (byte)':';
        Digits(span[17..], time.Second, 2);
        span[19] = (byte)'.';
        Digits(span[20..], time.Millisecond, 3);
        span[23] = (byte)'Z';
        _length += 24;
        return Close(name);
    }

    /// <summary>Appends pre-built XML (used for the grantee element with its xsi attribute).</summary>
    public S3XmlBuilder Raw(string xml) => Markup(xml);

    public byte[] ToUtf8() => Utf8.ToArray();

    public override string ToString() => Encoding.UTF8.GetString(_buffer, 0, _length);

    /// <summary>Gives the buffer back to the pool; the builder is empty and unusable afterwards.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // One reservation per tag: a listing page writes about twelve thousand of them.
    private S3XmlBuilder Tag(string name, bool closing)
    {
        var span = Reserve(Encoding.UTF8.GetMaxByteCount(name.Length) + 3);
        var at = 0;
        span[at++] = (byte)'<';
        if (closing)
        {
            span[at++] = (byte)'/';
        }

        at += Encoding.UTF8.GetBytes(name, span[at..]);
        span[at++] = (byte)'>';
        _length += at;
        return this;
    }

    private S3XmlBuilder Markup(ReadOnlySpan<char> text)
    {
        var span = Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, span);
        return this;
    }

    private void Escape(ReadOnlySpan<char> value)
    {
        while (true)
        {
            var next = value.IndexOfAny(MustEscape);
            if (next < 0)
            {
                Markup(value);
                return;
            }

            Markup(value[..next]);
            var c = value[next];
            switch (c)
            {
                case '<':
                    Markup("&lt;");
                    break;
                case '>':
                    Markup("&gt;");
                    break;
                case '&':
                    Markup("&amp;");
                    break;
                case '"':
                    Markup("&quot;");
                    break;
                default:
                    Markup("&#").Markup(((int)c).ToString(CultureInfo.InvariantCulture)).Markup(";");
                    break;
            }

            value = value[(next + 1)..];
        }
    }

    private Span<byte> Reserve(int bytes)
    {
        if (_buffer.Length - _length < bytes)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            if (_buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = larger;
        }

        return _buffer.AsSpan(_length);
    }

    private static void Digits(Span<byte> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
