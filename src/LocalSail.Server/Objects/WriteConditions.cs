namespace LocalSail.Server.Objects;

/// <summary>
/// The conditions of a write (If-Match and If-None-Match), each an ETag without quotes or <c>*</c> for any
/// version; null when absent. They are checked against the key's latest version in the transaction that
/// commits the write, so no other write can come between the check and the commit.
/// </summary>
internal readonly record struct WriteConditions(string? IfMatch, string? IfNoneMatch)
{
    public const string Any = "*";

    public static WriteConditions None => default;

    public bool IsEmpty => IfMatch is null && IfNoneMatch is null;

    /// <summary>
    /// Whether a write may replace <paramref name="latest"/>: <see cref="WriteStatus.Written"/>, or why not
    /// (<paramref name="failed"/> names the condition that failed). A delete marker is no object.
    /// </summary>
    public WriteStatus Evaluate(ObjectRecord? latest, out string? failed)
    {
        failed = null;
        var exists = latest is { IsDeleteMarker: false };
        if (IfNoneMatch is not null && exists && (IfNoneMatch == Any || IfNoneMatch == latest!.ETag))
        {
            failed = "If-None-Match";
            return WriteStatus.PreconditionFailed;
        }

        if (IfMatch is not null)
        {
            if (!exists)
            {
                return WriteStatus.NoSuchKey;
            }

            if (IfMatch != Any && IfMatch != latest!.ETag)
            {
                failed = "If-Match";
                return WriteStatus.PreconditionFailed;
            }
        }

        return WriteStatus.Written;
    }
}
