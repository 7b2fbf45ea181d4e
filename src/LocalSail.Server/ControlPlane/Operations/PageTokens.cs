using System.Text;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Opaque page tokens: the last name (or the offset) of the page, base64url-encoded.</summary>
internal static class PageTokens
{
    public static string EncodeName(string name) => Convert.ToBase64String(Encoding.UTF8.GetBytes("n:" + name)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string EncodeOffset(int offset) => EncodeName(offset.ToString(System.Globalization.CultureInfo.InvariantCulture)).Insert(0, "o");

    public static bool TryDecodeName(string token, out string? name)
    {
        name = Decode(token);
        return name is not null;
    }

    public static bool TryDecodeOffset(string token, out int offset)
    {
        offset = 0;
        return token.StartsWith('o') && Decode(token[1..]) is { } text
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset);
    }

    private static string? Decode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            // A token holding U+0000 is none this server issued: no name or offset has one (StorableText).
            return text.StartsWith("n:", StringComparison.Ordinal) && !StorableText.HasNul(text) ? text[2..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
