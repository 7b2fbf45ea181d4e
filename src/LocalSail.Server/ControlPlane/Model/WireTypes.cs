using System.Text.Json.Serialization;

namespace LocalSail.Server.ControlPlane.Model;

// The Lightsail wire shapes LocalSail reads and writes, named as the model names them. Absent optional
// members are null and are left out of responses.

public sealed record Tag
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}

public sealed record ResourceLocation(string AvailabilityZone, string RegionName);

public sealed record AccessRules
{
    public string? GetObject { get; init; }

    public bool? AllowPublicOverrides { get; init; }
}

public sealed record BucketState(string Code, string? Message = null);

public sealed record BucketAccessLogConfig
{
    public bool Enabled { get; init; }

    public string? Destination { get; init; }

    public string? Prefix { get; init; }
}

public sealed record BucketCorsRule
{
    public string? Id { get; init; }

    public List<string>? AllowedMethods { get; init; }

    public List<string>? AllowedOrigins { get; init; }

    public List<string>? AllowedHeaders { get; init; }

    public List<string>? ExposeHeaders { get; init; }

    public int? MaxAgeSeconds { get; init; }
}

public sealed record BucketCorsConfig
{
    public List<BucketCorsRule>? Rules { get; init; }
}

public sealed record ResourceReceivingAccess(string Name, string ResourceType);

public sealed record Bucket
{
    public string ResourceType { get; init; } = "Bucket";

    public required AccessRules AccessRules { get; init; }

    public required string Arn { get; init; }

    public required string BundleId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Url { get; init; }

    public required ResourceLocation Location { get; init; }

    public required string Name { get; init; }

    public required string SupportCode { get; init; }

    public required List<Tag> Tags { get; init; }

    public required string ObjectVersioning { get; init; }

    public required bool AbleToUpdateBundle { get; init; }

    public required List<string> ReadonlyAccessAccounts { get; init; }

    public required List<ResourceReceivingAccess> ResourcesReceivingAccess { get; init; }

    public required BucketState State { get; init; }

    public required BucketAccessLogConfig AccessLogConfig { get; init; }

    public BucketCorsConfig? Cors { get; init; }
}

public sealed record AccessKeyLastUsed
{
    /// <summary>Null (written as null) until the key is used.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? LastUsedDate { get; init; }

    public required string Region { get; init; }

    public required string ServiceName { get; init; }
}

public sealed record AccessKey
{
    public required string AccessKeyId { get; init; }

    /// <summary>Present only in the answer to CreateBucketAccessKey.</summary>
    public string? SecretAccessKey { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public AccessKeyLastUsed? LastUsed { get; init; }
}

public sealed record Operation
{
    public required string Id { get; init; }

    public required string ResourceName { get; init; }

    public required string ResourceType { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required ResourceLocation Location { get; init; }

    public required bool IsTerminal { get; init; }

    public string? OperationDetails { get; init; }

    public required string OperationType { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset StatusChangedAt { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorDetails { get; init; }
}

public sealed record BucketBundle(string BundleId, string Name, float Price, int StoragePerMonthInGb, int TransferPerMonthInGb, bool IsActive);

public sealed record MetricDatapoint
{
    public double? Average { get; init; }

    public double? Maximum { get; init; }

    public double? Minimum { get; init; }

    public double? SampleCount { get; init; }

    public double? Sum { get; init; }

    public required DateTimeOffset Timestamp { get; init; }

    public required string Unit { get; init; }
}

// Requests.

public sealed record CreateBucketRequest(string BucketName, string BundleId, List<Tag>? Tags, bool? EnableObjectVersioning);

public sealed record BucketNameRequest(string BucketName);

public sealed record DeleteBucketRequest(string BucketName, bool? ForceDelete);

public sealed record DeleteBucketAccessKeyRequest(string BucketName, string AccessKeyId);

public sealed record GetBucketBundlesRequest(bool? IncludeInactive);

public sealed record GetBucketMetricDataRequest(
    string BucketName, string MetricName, DateTimeOffset StartTime, DateTimeOffset EndTime, int Period, List<string> Statistics, string Unit);

public sealed record GetBucketsRequest(string? BucketName, string? PageToken, bool? IncludeConnectedResources, bool? IncludeCors);

public sealed record GetOperationRequest(string OperationId);

public sealed record GetOperationsRequest(string? PageToken);

public sealed record GetOperationsForResourceRequest(string ResourceName, string? PageToken);

public sealed record SetResourceAccessForBucketRequest(string ResourceName, string BucketName, string Access);

public sealed record TagResourceRequest(string ResourceName, string? ResourceArn, List<Tag> Tags);

public sealed record UntagResourceRequest(string ResourceName, string? ResourceArn, List<string> TagKeys);

public sealed record UpdateBucketRequest(
    string BucketName,
    AccessRules? AccessRules,
    string? Versioning,
    List<string>? ReadonlyAccessAccounts,
    BucketAccessLogConfig? AccessLogConfig,
    BucketCorsConfig? Cors);

public sealed record UpdateBucketBundleRequest(string BucketName, string BundleId);

// Responses.

public sealed record BucketResult(Bucket Bucket, List<Operation> Operations);

public sealed record OperationsResult(List<Operation> Operations);

public sealed record CreateBucketAccessKeyResult(AccessKey AccessKey, List<Operation> Operations);

public sealed record GetBucketAccessKeysResult(List<AccessKey> AccessKeys);

public sealed record GetBucketBundlesResult(List<BucketBundle> Bundles);

public sealed record GetBucketMetricDataResult(string MetricName, List<MetricDatapoint> MetricData);

public sealed record GetBucketsResult(List<Bucket> Buckets, string? NextPageToken);

public sealed record GetOperationResult(Operation Operation);

public sealed record PagedOperationsResult(List<Operation> Operations, string? NextPageToken);

/// <summary>The error body: <c>__type</c> names the exception.</summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("__type")] string Type,
    string Code,
    string Docs,
    string Message,
    string? Tip);
