namespace LocalSail.Server.Objects;

/// <summary>Key ranges in the binary order keys are listed in.</summary>
internal static class KeyOrder
{
    /// <summary>The least string greater than every string starting with <paramref name="prefix"/>; null when there is none.</summary>
    public static string? PrefixEnd(string prefix)
    {
        for (var i = prefix.Length - 1; i >= 0; i--)
        {
            var c = prefix[i];
            if (c < char.MaxValue && !char.IsSurrogate(c))
            {
                return string.Concat(prefix.AsSpan(0, i), new string((char)(c + 1), 1));
            }
        }

        return null;
    }
}
