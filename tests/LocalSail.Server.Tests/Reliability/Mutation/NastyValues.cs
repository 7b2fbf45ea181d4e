using System.Text;

namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>Values that break parsers: invalid text, edge numbers, sizes, odd characters. Drawn from a seeded <see cref="Random"/>.</summary>
public static class NastyValues
{
    /// <summary>Byte sequences that are not valid UTF-8 text, or text a decoder should refuse.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0xFF],
        [0xFE, 0xFF],
        [0xC0, 0xAF],             // overlong '/'
        [0xE0, 0x80, 0xAF],       // overlong '/', three bytes
        [0xC3],                   // truncated two-byte sequence
        [0xE2, 0x82],             // truncated three-byte sequence
        [0xED, 0xA0, 0x80],       // a surrogate encoded in UTF-8
        [0xF4, 0x90, 0x80, 0x80], // past U+10FFFF
        [0x80],                   // a lone continuation byte
    ];

    /// <summary>JSON string escapes that decode to no valid text: lone and reversed surrogates.</summary>
    public static readonly string[] InvalidJsonEscapes = [@"\ud800", @"\udfff", @"\ud800\u0041", @"\udc00\ud800", @"\ud83d"];

    private static readonly string[] Texts =
    [
        string.Empty, " ", "\t", "-1", "0", "1.5", "NaN", "Infinity", "99999999999999999999", "-9223372036854775809",
        "null", "true", "*", "%", "%00", "%zz", "..", "../..", "/", "//", "?", "#", "&", "=", ",", ";", "\"", "'", "<", ">", "&amp;",
        "<![CDATA[x]]>", "\\", "AKIA", "arn:aws:s3:::x", "AWS4-HMAC-SHA256", "UNSIGNED-PAYLOAD", "aws-chunked", "chunked",
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-checksum-crc32", "CRC32", "SHA256", "MD5",
        "bytes=0-0", "bytes=-1", "bytes=5-2", "bytes=0-", "bytes=99999999999999999999-", "bytes=0-1,3-4",
        "Mon, 32 Dec 2999 25:61:61 GMT", "20990101T000000Z", "19700101T000000Z", "2024-13-45", "AAAA", "AAAA=", "====", "bm90IGFuIG1kNQ==",
        "é", "日本語", "🦀", "\u202E", "\u00A0", "ǅ",
    ];

    /// <summary>A header or query value: a known troublemaker, a long run, random bytes or text.</summary>
    public static string Text(Random random) => random.Next(10) switch
    {
        < 6 => Texts[random.Next(Texts.Length)],
        6 => new string((char)random.Next('a', 'z' + 1), random.Next(1, 3) == 1 ? 1025 : random.Next(2, 9000)),
        7 => Encoding.Latin1.GetString(RandomBytes(random, random.Next(1, 40), printable: false)),
        8 => Encoding.Latin1.GetString(RandomBytes(random, random.Next(1, 40), printable: true)),
        _ => random.Next(-2, 3).ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('9', random.Next(0, 25)),
    };

    /// <summary>Text for a header value as it goes on the wire: UTF-8 bytes carried as Latin-1 characters.</summary>
    public static string HeaderText(Random random) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(Text(random)).Where(b => b is not (0x0D or 0x0A or 0x00)).ToArray());

    /// <summary>Random bytes; <paramref name="printable"/> keeps to visible ASCII.</summary>
    public static byte[] RandomBytes(Random random, int length, bool printable)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = printable ? (byte)random.Next(0x20, 0x7F) : (byte)random.Next(1, 256);
        }

        return bytes;
    }

    /// <summary>One of the bytes of a byte-level change.</summary>
    public static byte[] MutateBytes(Random random, byte[] data, out string description)
    {
        if (data.Length == 0)
        {
            description = "inserted bytes into an empty body";
            return RandomBytes(random, random.Next(1, 16), printable: false);
        }

        var at = random.Next(data.Length);
        switch (random.Next(7))
        {
            case 0:
                description = $"flipped byte {at}";
                var flipped = (byte[])data.Clone();
                flipped[at] ^= (byte)(1 << random.Next(8));
                return flipped;
            case 1:
                description = $"truncated at {at}";
                return data[..at];
            case 2:
                description = $"removed byte {at}";
                return [.. data[..at], .. data[(at + 1)..]];
            case 3:
                var inserted = random.Next(2) == 0 ? InvalidUtf8[random.Next(InvalidUtf8.Length)] : RandomBytes(random, random.Next(1, 8), printable: false);
                description = $"inserted {Convert.ToHexString(inserted)} at {at}";
                return [.. data[..at], .. inserted, .. data[at..]];
            case 4:
                description = $"repeated bytes from {at}";
                return [.. data[..at], .. data[at..], .. data[at..]];
            case 5:
                description = $"replaced byte {at} with a control byte";
                var control = (byte[])data.Clone();
                control[at] = (byte)random.Next(0, 0x20);
                return control;
            default:
                description = $"zeroed bytes from {at}";
                var zeroed = (byte[])data.Clone();
                Array.Clear(zeroed, at, Math.Min(data.Length - at, random.Next(1, 64)));
                return zeroed;
        }
    }

    /// <summary>A value as a case description shows it.</summary>
    public static string Shorten(string value) => value.Length <= 60 ? value : $"{value[..40]}... ({value.Length} characters)";
}
