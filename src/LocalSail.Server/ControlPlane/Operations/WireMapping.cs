using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.Storage;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>Turns stored records into the wire shapes.</summary>
public static class WireMapping
{
    public const string AvailabilityZoneAll = "all";

    public static string BucketArn(BucketRecord bucket) =>
        $"arn:aws:lightsail:{bucket.Scope.Region}:{bucket.Scope.AccountId}:Bucket/{bucket.Id}";

    /// <summary>Path-style address of the bucket on the S3 endpoint this caller reaches.</summary>
    public static string BucketUrl(Uri s3Endpoint, string bucketName) => new Uri(s3Endpoint, bucketName + "/").ToString();

    public static Bucket ToWire(BucketRecord bucket, Uri s3Endpoint, DateTimeOffset now, bool includeCors = true) => new()
    {
        AccessRules = new AccessRules { GetObject = bucket.IsPublic ? "public" : "private", AllowPublicOverrides = bucket.AccessRules.AllowPublicOverrides },
        Arn = BucketArn(bucket),
        BundleId = bucket.BundleId,
        CreatedAt = bucket.CreatedAt,
        Url = BucketUrl(s3Endpoint, bucket.Name),
        Location = new ResourceLocation(AvailabilityZoneAll, bucket.Scope.Region),
        Name = bucket.Name,
        SupportCode = bucket.SupportCode,
        Tags = bucket.Tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(),
        ObjectVersioning = ToWire(bucket.Versioning),
        AbleToUpdateBundle = CanUpdateBundle(bucket, now),
        ReadonlyAccessAccounts = bucket.ReadonlyAccessAccounts.ToList(),
        ResourcesReceivingAccess = bucket.ResourcesReceivingAccess.Select(name => new ResourceReceivingAccess(name, "Instance")).ToList(),
        State = new BucketState("OK"),
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
        ResourceType = operation.ResourceType,
        CreatedAt = operation.CreatedAt,
        Location = new ResourceLocation(AvailabilityZoneAll, operation.Scope.Region),
        IsTerminal = operation.IsTerminal,
        OperationDetails = operation.OperationDetails,
        OperationType = operation.OperationType,
        Status = operation.Status,
        StatusChangedAt = operation.StatusChangedAt,
        ErrorCode = operation.ErrorCode,
        ErrorDetails = operation.ErrorDetails,
    };

    public static List<Operation> ToWire(IEnumerable<OperationRecord> operations) => operations.Select(ToWire).ToList();

    /// <summary>An access key as listed: never the secret; an unused key shows null and N/A.</summary>
    public static AccessKey ToWire(AccessKeyRecord key, AccessKeyUse? lastUsed) => new()
    {
        AccessKeyId = key.AccessKeyId,
        Status = key.Status,
        CreatedAt = key.CreatedAt,
        LastUsed = lastUsed is null
            ? new AccessKeyLastUsed { LastUsedDate = null, Region = "N/A", ServiceName = "N/A" }
            : new AccessKeyLastUsed { LastUsedDate = lastUsed.At, Region = lastUsed.Region, ServiceName = lastUsed.ServiceName },
    };

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
