using LocalSail.Lightsail.Model;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Turns stored records into the wire shapes.</summary>
internal static class WireMapping
{
    public const string AvailabilityZoneAll = "all";

    public static string BucketArn(BucketRecord bucket) =>
        $"arn:aws:lightsail:{bucket.Scope.Region}:{bucket.Scope.AccountId}:Bucket/{bucket.Id}";

    /// <summary>Path-style address of the bucket on the S3 endpoint this caller reaches.</summary>
    public static string BucketUrl(Uri s3Endpoint, string bucketName) => new Uri(s3Endpoint, bucketName + "/").ToString();

    public static Bucket ToWire(BucketRecord bucket, Uri s3Endpoint, DateTimeOffset now, bool includeCors = true) => new()
    {
        ResourceType = "Bucket",
        AccessRules = new AccessRules { GetObject = bucket.IsPublic ? AccessType.Public : AccessType.Private, AllowPublicOverrides = bucket.AccessRules.AllowPublicOverrides },
        Arn = BucketArn(bucket),
        BundleId = bucket.BundleId,
        CreatedAt = bucket.CreatedAt,
        Url = BucketUrl(s3Endpoint, bucket.Name),
        Location = Location(bucket.Scope),
        Name = bucket.Name,
        SupportCode = bucket.SupportCode,
        Tags = bucket.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
        ObjectVersioning = ToWire(bucket.Versioning),
        AbleToUpdateBundle = CanUpdateBundle(bucket, now),
        ReadonlyAccessAccounts = bucket.ReadonlyAccessAccounts.ToList(),
        ResourcesReceivingAccess = bucket.ResourcesReceivingAccess.Select(name => new ResourceReceivingAccess { Name = name, ResourceType = "Instance" }).ToList(),
        State = new BucketState { Code = "OK" },
        AccessLogConfig = bucket.AccessLog.Enabled
            ? new BucketAccessLogConfig { Enabled = true, Destination = bucket.AccessLog.Destination, Prefix = bucket.AccessLog.Prefix }
            : new BucketAccessLogConfig { Enabled = false },
        Cors = includeCors && bucket.CorsRules.Count > 0 ? new BucketCorsConfig { Rules = bucket.CorsRules.Select(ToWire).ToList() } : null,
    };

    /// <summary>Lightsail's name of a versioning state.</summary>
    public static string ToWire(VersioningState versioning) => versioning switch
    {
        VersioningState.Enabled => "Enabled",
        VersioningState.Suspended => "Suspended",
        _ => "NeverEnabled",
    };

    public static BucketCorsRule ToWire(CorsRule rule) => new()
    {
        Id = rule.Id,
        AllowedMethods = rule.AllowedMethods?.ToList(),
        AllowedOrigins = rule.AllowedOrigins?.ToList(),
        AllowedHeaders = rule.AllowedHeaders?.ToList(),
        ExposeHeaders = rule.ExposeHeaders?.ToList(),
        MaxAgeSeconds = rule.MaxAgeSeconds,
    };

    public static CorsRule FromWire(BucketCorsRule rule) =>
        new(rule.Id, rule.AllowedMethods, rule.AllowedOrigins, rule.AllowedHeaders, rule.ExposeHeaders, rule.MaxAgeSeconds);

    /// <summary>A bucket's bundle can change once per monthly billing cycle (a calendar month, UTC).</summary>
    public static bool CanUpdateBundle(BucketRecord bucket, DateTimeOffset now) =>
        bucket.BundleChangedAt is not { } changed || changed.Year != now.Year || changed.Month != now.Month;

    public static Operation ToWire(OperationRecord operation) => new()
    {
        Id = operation.Id,
        ResourceName = operation.ResourceName,
        ResourceType = ResourceType.FromWireName(operation.ResourceType),
        CreatedAt = operation.CreatedAt,
        Location = Location(operation.Scope),
        IsTerminal = operation.IsTerminal,
        OperationDetails = operation.OperationDetails,
        OperationType = OperationType.FromWireName(operation.OperationType),
        Status = OperationStatus.FromWireName(operation.Status),
        StatusChangedAt = operation.StatusChangedAt,
        ErrorCode = operation.ErrorCode,
        ErrorDetails = operation.ErrorDetails,
    };

    public static List<Operation> ToWire(IEnumerable<OperationRecord> operations) => operations.Select(ToWire).ToList();

    /// <summary>An access key as listed: never the secret; an unused key shows null and N/A.</summary>
    public static AccessKey ToWire(AccessKeyRecord key, AccessKeyUse? lastUsed) => new()
    {
        AccessKeyId = key.AccessKeyId,
        Status = StatusType.FromWireName(key.Status),
        CreatedAt = key.CreatedAt,
        LastUsed = lastUsed is null
            ? new AccessKeyLastUsed { LastUsedDate = null, Region = "N/A", ServiceName = "N/A" }
            : new AccessKeyLastUsed { LastUsedDate = lastUsed.At, Region = lastUsed.Region, ServiceName = lastUsed.ServiceName },
    };

    /// <summary>Where a resource is: every zone of its region (a region the model does not list is kept as it is).</summary>
    private static ResourceLocation Location(ResourceScope scope) =>
        new() { AvailabilityZone = AvailabilityZoneAll, RegionName = RegionName.FromWireName(scope.Region) };

    /// <summary>A completed operation on a bucket, recorded with the change it describes.</summary>
    public static OperationRecord NewOperation(ResourceScope scope, string bucketName, string operationType, DateTimeOffset now, string? details = null) => new()
    {
        Id = Guid.NewGuid().ToString(),
        Scope = scope,
        ResourceName = bucketName,
        ResourceType = "Bucket",
        OperationType = operationType,
        CreatedAt = now,
        StatusChangedAt = now,
        OperationDetails = details,
    };
}
