using LocalSail.Server.Objects.Encryption;

namespace LocalSail.Server.Objects;

/// <summary>
/// One version of an object (or a delete marker). Bytes live in the blob store under <see cref="Blob"/>,
/// or for a small object in <see cref="InlineData"/>; an empty object has neither.
/// </summary>
internal sealed record ObjectRecord
{
    /// <summary>The version id written when versioning is not enabled.</summary>
    public const string NullVersionId = "null";

    /// <summary>The store's identity of the version; the larger of two versions of a key is the newer.</summary>
    public long Id { get; init; }

    public required string BucketId { get; init; }

    public required string Key { get; init; }

    public string VersionId { get; init; } = NullVersionId;

    /// <summary>Whether this is the key's current version (one version of a key at most is).</summary>
    public bool IsLatest { get; init; } = true;

    public bool IsDeleteMarker { get; init; }

    public long Size { get; init; }

    /// <summary>The ETag without quotes: hex MD5, or MD5 of the part MD5s and <c>-N</c>.</summary>
    public string ETag { get; init; } = string.Empty;

    public required DateTimeOffset LastModified { get; init; }

    /// <summary>The blob's name in the blob store; null for a delete marker.</summary>
    public string? Blob { get; init; }

    /// <summary>
    /// The bytes of a small object kept in its metadata row (no blob); null otherwise. Loaded only by
    /// single-object reads, never by listings.
    /// </summary>
    public byte[]? InlineData { get; init; }

    /// <summary>Content-Type, Cache-Control, ... and x-amz-meta-* as they are returned.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary><c>private</c> or <c>public-read</c>.</summary>
    public string Acl { get; init; } = ObjectAcl.Private;

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    /// <summary>CRC32, CRC32C, CRC64NVME, SHA1 or SHA256, when the client asked for a checksum.</summary>
    public string? ChecksumAlgorithm { get; init; }

    /// <summary>The base64 checksum (a composite one ends in <c>-N</c>).</summary>
    public string? ChecksumValue { get; init; }

    /// <summary><c>FULL_OBJECT</c> or <c>COMPOSITE</c>.</summary>
    public string? ChecksumType { get; init; }

    /// <summary>Part sizes of a multipart object, in order; empty for a single PUT.</summary>
    public IReadOnlyList<long> PartSizes { get; init; } = [];

    /// <summary>
    /// How the stored bytes (blob or inline) are encrypted; null for bytes written before objects were encrypted,
    /// which are plaintext. Loaded by single-object reads only, like <see cref="InlineData"/>.
    /// </summary>
    public ObjectEncryption? Encryption { get; init; }

    /// <summary>The plaintext sizes of the stored segments: one per part of a multipart object, else one.</summary>
    public IReadOnlyList<long> SegmentLengths => PartSizes.Count == 0 ? [Size] : PartSizes;

    public bool IsVersioned => VersionId != NullVersionId;
}

internal static class ObjectAcl
{
    public const string Private = "private";
    public const string PublicRead = "public-read";
}
