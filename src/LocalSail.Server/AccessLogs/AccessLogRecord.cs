namespace LocalSail.Server.AccessLogs;

/// <summary>
/// One request as S3's server access log records it, field by field, in the log's order. A null field is
/// written as <c>-</c> (unknown, or not applicable to the request).
/// </summary>
internal sealed record AccessLogRecord
{
    /// <summary>The canonical id of the logged bucket's owner.</summary>
    public required string BucketOwner { get; init; }

    public required string Bucket { get; init; }

    /// <summary>When the request was received.</summary>
    public required DateTimeOffset Time { get; init; }

    public string? RemoteIp { get; init; }

    /// <summary>The canonical id or ARN of who signed the request; null when anonymous.</summary>
    public string? Requester { get; init; }

    public required string RequestId { get; init; }

    /// <summary>S3's name of the operation, e.g. <c>REST.GET.OBJECT</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The object key (written URL-encoded); null when the request names none.</summary>
    public string? Key { get; init; }

    /// <summary>The request line: method, target as sent and protocol.</summary>
    public string? RequestUri { get; init; }

    public required int HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    /// <summary>Response body bytes sent; written as <c>-</c> when zero.</summary>
    public long? BytesSent { get; init; }

    public long? ObjectSize { get; init; }

    /// <summary>Milliseconds from the request's arrival to the answer's last byte.</summary>
    public long? TotalTimeMs { get; init; }

    /// <summary>Milliseconds from the request's arrival to the answer's first byte.</summary>
    public long? TurnAroundTimeMs { get; init; }

    public string? Referrer { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>The version id the request names.</summary>
    public string? VersionId { get; init; }

    public string? HostId { get; init; }

    /// <summary><c>SigV4</c> or <c>SigV2</c>; null when unsigned.</summary>
    public string? SignatureVersion { get; init; }

    public string? CipherSuite { get; init; }

    /// <summary><c>AuthHeader</c> or <c>QueryString</c>; null when unsigned.</summary>
    public string? AuthenticationType { get; init; }

    public string? HostHeader { get; init; }

    public string? TlsVersion { get; init; }

    public string? AccessPointArn { get; init; }

    /// <summary><c>Yes</c> when an ACL was needed to allow the request.</summary>
    public string? AclRequired { get; init; }

    public string? SourceRegion { get; init; }
}
