using LocalSail.Server.Objects.Encryption;

namespace LocalSail.Server.Objects;

/// <summary>An open multipart upload and what the object will carry once completed.</summary>
internal sealed record UploadRecord
{
    public required string UploadId { get; init; }

    public required string BucketId { get; init; }

    public required string Key { get; init; }

    public required DateTimeOffset Initiated { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public string Acl { get; init; } = ObjectAcl.Private;

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; init; } = [];

    public string? ChecksumAlgorithm { get; init; }

    public string? ChecksumType { get; init; }

    /// <summary>
    /// The data key every part is encrypted under (each part one segment), and so the completed object; null for an
    /// upload begun before objects were encrypted, whose parts are plaintext.
    /// </summary>
    public ObjectEncryption? Encryption { get; init; }
}

/// <summary>One uploaded part.</summary>
internal sealed record PartRecord
{
    public required string UploadId { get; init; }

    public required int PartNumber { get; init; }

    public required long Size { get; init; }

    /// <summary>Hex MD5 of the part, without quotes.</summary>
    public required string ETag { get; init; }

    public required DateTimeOffset LastModified { get; init; }

    public required string Blob { get; init; }

    public string? ChecksumValue { get; init; }
}
