namespace LocalSail.Server.Objects;

/// <summary>
/// The conditions of a delete, as S3 takes them: If-Match (an ETag without quotes, or <c>*</c>), and
/// <c>x-amz-if-match-last-modified-time</c> and <c>x-amz-if-match-size</c>; each null when absent. They are checked
/// against the version the delete names (the latest unless a version id is given) in the transaction that deletes.
/// </summary>
internal readonly record struct DeleteConditions(string? IfMatch, DateTimeOffset? LastModifiedTime, long? Size)
{
    public bool IsEmpty => IfMatch is null && LastModifiedTime is null && Size is null;

    /// <summary>
    /// Whether <paramref name="target"/> may be deleted: <see cref="WriteStatus.Written"/>, NoSuchKey when there is no
    /// object to check against (none, or a delete marker), or PreconditionFailed (<paramref name="failed"/> names it).
    /// </summary>
    public WriteStatus Evaluate(ObjectRecord? target, out string? failed)
    {
        failed = null;
        if (IsEmpty)
        {
            return WriteStatus.Written;
        }

        if (target is not { IsDeleteMarker: false })
        {
            return WriteStatus.NoSuchKey;
        }

        if (IfMatch is not null && IfMatch != WriteConditions.Any && IfMatch != target.ETag)
        {
            failed = "If-Match";
            return WriteStatus.PreconditionFailed;
        }

        // S3 keeps a last-modified time to the second in what it shows, and compares to the second.
        if (LastModifiedTime is { } time && time.ToUnixTimeSeconds() != target.LastModified.ToUnixTimeSeconds())
        {
            failed = "x-amz-if-match-last-modified-time";
            return WriteStatus.PreconditionFailed;
        }

        if (Size is { } size && size != target.Size)
        {
            failed = "x-amz-if-match-size";
            return WriteStatus.PreconditionFailed;
        }

        return WriteStatus.Written;
    }
}
