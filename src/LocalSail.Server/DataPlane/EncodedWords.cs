using System.Text;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// RFC 2047 encoded words in user metadata (<c>=?UTF-8?B?...?=</c>, <c>=?UTF-8?Q?...?=</c>): S3 decodes them before it
/// stores a value, and encodes a value that is not US-ASCII when it returns it (<see cref="ObjectHeaders.ForResponse"/>).
/// </summary>
internal static class EncodedWords
{
    /// <summary>
    /// The value with its encoded words decoded (UTF-8, ISO-8859-1 or US-ASCII; B or Q); white space between two encoded
    /// words is dropped, as RFC 2047 says. A value that is not made of well-formed encoded words is returned as it is.
    /// </summary>
    public static string Decode(string value)
    {
        if (!value.StartsWith("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var decoded = new StringBuilder(value.Length);
        var position = 0;
        while (position < value.Length)
        {
            if (!TryDecodeWord(value, position, out var text, out var end))
            {
                return value;
            }

            decoded.Append(text);
            position = end;
            while (position < value.Length && value[position] is ' ' or '\t')
            {
                position++;
            }
        }

        return decoded.ToString();
    }

    private static bool TryDecodeWord(string value, int start, out string text, out int end)
    {
        text = string.Empty;
        end = start;
        if (string.CompareOrdinal(value, start, "=?", 0, 2) != 0)
        {
            return false;
        }

        var charsetEnd = value.IndexOf('?', start + 2);
        if (charsetEnd < 0 || charsetEnd + 2 >= value.Length || value[charsetEnd + 2] != '?')
        {
            return false;
        }

        var close = value.IndexOf("?=", charsetEnd + 3, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        Encoding? encoding = value[(start + 2)..charsetEnd].ToUpperInvariant() switch
        {
            "UTF-8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
            "ISO-8859-1" => Encoding.Latin1,
            "US-ASCII" => Encoding.ASCII,
            _ => null,
        };
        var payload = value[(charsetEnd + 3)..close];
        byte[]? bytes = char.ToUpperInvariant(value[charsetEnd + 1]) switch
        {
            'B' => FromBase64(payload),
            'Q' => FromQuoted(payload),
            _ => null,
        };
        if (encoding is null || bytes is null)
        {
            return false;
        }

        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        end = close + 2;
        return true;
    }

    private static byte[]? FromBase64(string payload)
    {
        var bytes = new byte[payload.Length];
        return Convert.TryFromBase64String(payload, bytes, out var written) ? bytes[..written] : null;
    }

    private static byte[]? FromQuoted(string payload)
    {
        var bytes = new List<byte>(payload.Length);
        for (var i = 0; i < payload.Length; i++)
        {
            var c = payload[i];
            if (c == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '=')
            {
                if (i + 2 >= payload.Length || !char.IsAsciiHexDigit(payload[i + 1]) || !char.IsAsciiHexDigit(payload[i + 2]))
                {
                    return null;
                }

                bytes.Add(Convert.ToByte(payload.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c is > ' ' and <= '~')
            {
                bytes.Add((byte)c);
            }
            else
            {
                return null;
            }
        }

        return [.. bytes];
    }
}
