using System.Text.Json;
using System.Text.Unicode;

namespace LocalSail.Server.ControlPlane.Protocol;

/// <summary>
/// Whether a JSON body is text all the way through. JSON may carry bytes that are not UTF-8 (or overlong
/// forms) and escapes of lone surrogates (<c>"\ud800"</c>); the parser accepts both and fails only when a
/// string is read, so a body is checked once here, before anything reads its strings.
/// </summary>
internal static class JsonText
{
    /// <summary>True when the body is valid UTF-8 and every string and member name in it decodes to valid UTF-16.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> body, JsonElement root)
    {
        if (!Utf8.IsValid(body))
        {
            return false;
        }

        // Without a \u escape, valid UTF-8 decodes to valid UTF-16: only escapes can name a lone surrogate.
        return body.IndexOf("\\u"u8) < 0 || DecodesAsText(root);
    }

    private static bool DecodesAsText(JsonElement element)
    {
        try
        {
            return Walk(element);
        }
        catch (InvalidOperationException)
        {
            // GetString and property names throw this, and only this, for text that cannot be decoded.
            return false;
        }
    }

    private static bool Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Walk(item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    _ = member.Name;
                    if (!Walk(member.Value))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }
}
