namespace LocalSail.Server.Storage;

/// <summary>
/// The one rule on the text the metadata stores keep: no U+0000. PostgreSQL's <c>text</c> cannot hold it, so a
/// request carrying it is refused as invalid input before either store is asked, and the default SQLite store
/// accepts no more than the shared one.
/// </summary>
internal static class StorableText
{
    /// <summary>What the refusals say the value must not contain.</summary>
    public const string NulCharacter = "the null character (U+0000)";

    public static bool HasNul(string? value) => value is not null && value.Contains('\0', StringComparison.Ordinal);
}
