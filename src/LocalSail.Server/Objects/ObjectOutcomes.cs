namespace LocalSail.Server.Objects;

/// <summary>Whether a new version was committed, or why not.</summary>
internal enum WriteStatus
{
    Written,

    /// <summary>If-Match or If-None-Match did not hold.</summary>
    PreconditionFailed,

    /// <summary>If-Match named an object that does not exist.</summary>
    NoSuchKey,

    /// <summary>The multipart upload to complete does not exist (any more).</summary>
    NoSuchUpload,

    /// <summary>A part to complete with was uploaded again since it was read.</summary>
    InvalidPart,
}

/// <summary>What a write of a new version did: the version committed, or why none was (and which condition failed).</summary>
internal readonly record struct VersionWrite(WriteStatus Status, ObjectRecord? Version, string? FailedCondition = null)
{
    public bool Written => Status == WriteStatus.Written;
}

/// <summary>
/// What a delete did: whether there was something to delete, the version removed or the marker made; or, when its
/// conditions did not hold, why nothing was deleted (<see cref="Refusal"/> other than Written, and the condition).
/// </summary>
internal readonly record struct ObjectDeletion(
    bool Found, string? VersionId, bool IsDeleteMarker, WriteStatus Refusal = WriteStatus.Written, string? FailedCondition = null);

/// <summary>Why no object version answers a request for one.</summary>
internal enum VersionMiss
{
    None,

    /// <summary>The key has no version, or its latest is a delete marker.</summary>
    NoSuchKey,

    /// <summary>The key has no version with the id asked for.</summary>
    NoSuchVersion,

    /// <summary>The version asked for by id is a delete marker.</summary>
    DeleteMarker,
}

/// <summary>An object version that a request names, or why there is none.</summary>
internal readonly record struct VersionLookup(ObjectRecord? Version, VersionMiss Miss)
{
    /// <summary>The lookup of <paramref name="versionId"/> (null for the latest) that found <paramref name="record"/>.</summary>
    public static VersionLookup Of(ObjectRecord? record, string? versionId) => record switch
    {
        null => new(null, versionId is null ? VersionMiss.NoSuchKey : VersionMiss.NoSuchVersion),
        { IsDeleteMarker: true } => new(null, versionId is null ? VersionMiss.NoSuchKey : VersionMiss.DeleteMarker),
        _ => new(record, VersionMiss.None),
    };
}
