namespace LocalSail.Server.Storage.Objects;

/// <summary>Stores a list of name/value pairs in one column, as a percent-encoded query string.</summary>
internal static class HeaderListCodec
{
    public static string Encode(IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        if (pairs.Count == 0)
        {
            return string.Empty;
        }

        return string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    public static IReadOnlyList<KeyValuePair<string, string>> Decode(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded))
        {
            return [];
        }

        var parts = encoded.Split('&');
        var pairs = new KeyValuePair<string, string>[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var equals = parts[i].IndexOf('=');
            pairs[i] = new(Uri.UnescapeDataString(parts[i][..equals]), Uri.UnescapeDataString(parts[i][(equals + 1)..]));
        }

        return pairs;
    }

    public static string EncodeSizes(IReadOnlyList<long> sizes) => string.Join(',', sizes);

    public static IReadOnlyList<long> DecodeSizes(string? encoded) =>
        string.IsNullOrEmpty(encoded) ? [] : encoded.Split(',').Select(long.Parse).ToArray();
}
