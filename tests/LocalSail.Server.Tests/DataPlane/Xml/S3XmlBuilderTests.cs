using System.Text;
using LocalSail.Server.DataPlane.Xml;

namespace LocalSail.Server.Tests.DataPlane.Xml;

public sealed class S3XmlBuilderTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a<b>c&d\"e", "a&lt;b&gt;c&amp;d&quot;e")]
    [InlineData("line\nfeed\ttab", "line\nfeed\ttab")]
    [InlineData("carriage\rreturn", "carriage&#13;return")]
    [InlineData("bell\u0007 and nul\u0000", "bell&#7; and nul&#0;")]
    [InlineData("café/日本/😀", "café/日本/😀")]
    [InlineData("", "")]
    public void Escapes_what_XML_text_cannot_hold(string value, string expected)
    {
        var xml = new S3XmlBuilder().Element("Key", value);

        Assert.Equal($"{Declaration}<Key>{expected}</Key>", xml.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(xml.ToString()), xml.ToUtf8());
    }

    [Theory]
    [InlineData("2026-11-23T09:05:03.007+00:00", "2026-11-23T09:05:03.007Z")]
    [InlineData("2026-01-01T00:30:00.000+02:00", "2025-12-31T22:30:00.000Z")]
    [InlineData("0999-12-31T23:59:59.999+00:00", "0999-12-31T23:59:59.999Z")]
    public void Writes_times_as_S3_does(string time, string expected)
    {
        var value = DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal($"{Declaration}<LastModified>{expected}</LastModified>", new S3XmlBuilder().Element("LastModified", value).ToString());
        Assert.Equal(expected, S3Format.IsoTime(value));
    }

    [Fact]
    public void Writes_numbers_booleans_quoted_values_and_skips_absent_ones()
    {
        var xml = new S3XmlBuilder().Root("R")
            .Element("Min", long.MinValue).Element("Zero", 0).Element("Max", long.MaxValue)
            .Element("Yes", true).Element("No", false)
            .QuotedElement("ETag", "abc-2")
            .Element("Absent", (string?)null)
            .Close("R");

        Assert.Equal(
            $"{Declaration}<R xmlns=\"{S3XmlBuilder.Namespace}\"><Min>-9223372036854775808</Min><Zero>0</Zero><Max>9223372036854775807</Max>" +
            "<Yes>true</Yes><No>false</No><ETag>&quot;abc-2&quot;</ETag></R>",
            xml.ToString());
    }

    [Fact]
    public void Grows_past_its_first_buffer_without_losing_a_byte()
    {
        var xml = new S3XmlBuilder(capacity: 16).Open("List");
        var expected = new StringBuilder(Declaration).Append("<List>");
        for (var i = 0; i < 5000; i++)
        {
            var key = $"dir/ключ-{i}&<{i}>";
            xml.Open("Contents").Element("Key", key).Element("Size", i).Close("Contents");
            expected.Append("<Contents><Key>").Append(key.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal))
                .Append("</Key><Size>").Append(i).Append("</Size></Contents>");
        }

        xml.Close("List");
        expected.Append("</List>");

        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), xml.Utf8.ToArray());
    }

    [Fact]
    public void Dispose_leaves_an_empty_builder()
    {
        var xml = new S3XmlBuilder().Element("Code", "NoSuchKey");

        xml.Dispose();

        Assert.Equal(0, xml.Utf8.Length);
    }
}
