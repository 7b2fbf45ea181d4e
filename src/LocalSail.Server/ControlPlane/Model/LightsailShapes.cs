namespace LocalSail.Server.ControlPlane.Model;

/// <summary>
/// The input shapes of every operation LocalSail serves, transcribed from botocore's Lightsail model
/// (lightsail-2016-11-28). A test compares each of them with the model that ships inside botocore.
/// </summary>
public static class LightsailShapes
{
    public static readonly StringShape BucketName = new("BucketName", Min: 3, Max: 54, Pattern: "^[a-z0-9][a-z0-9-]{1,52}[a-z0-9]$");
    public static readonly StringShape NonEmptyString = new("NonEmptyString", Pattern: ".*\\S.*");
    public static readonly StringShape ResourceName = new("ResourceName", Pattern: "\\w[\\w\\-]*\\w");
    public static readonly StringShape ResourceArn = new("ResourceArn", Pattern: "^arn:(aws[^:]*):([a-zA-Z0-9-]+):([a-z0-9-]+):([0-9]+):([a-zA-Z]+)/([a-zA-Z0-9-]+)$");
    public static readonly StringShape PlainString = new("string");
    public static readonly StringShape TagKey = new("TagKey");
    public static readonly StringShape TagValue = new("TagValue");
    public static readonly BooleanShape Boolean = new("boolean");
    public static readonly IntegerShape Integer = new("integer");
    public static readonly TimestampShape IsoDate = new("IsoDate");
    public static readonly StringShape AccessType = new("AccessType", Enum: ["public", "private"]);
    public static readonly StringShape ResourceBucketAccess = new("ResourceBucketAccess", Enum: ["allow", "deny"]);
    public static readonly StringShape BucketMetricName = new("BucketMetricName", Enum: ["BucketSizeBytes", "NumberOfObjects"]);
    public static readonly IntegerShape MetricPeriod = new("MetricPeriod", Min: 60, Max: 86400);
    public static readonly StringShape MetricStatistic = new("MetricStatistic", Enum: ["Minimum", "Maximum", "Sum", "Average", "SampleCount"]);

    public static readonly StringShape MetricUnit = new("MetricUnit", Enum:
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
        "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    ]);

    public static readonly StringShape BucketAccessLogPrefix = new("BucketAccessLogPrefix", Min: 1, Max: 100, Pattern: "^[\\w/!.*')(-]+$");
    public static readonly StringShape BucketCorsRuleId = new("BucketCorsRuleId", Max: 255);
    public static readonly StringShape BucketCorsAllowedMethod = new("BucketCorsAllowedMethod", Pattern: "^(DELETE|GET|HEAD|POST|PUT)$");

    public static readonly StructureShape Tag = new("Tag", [new("key", TagKey), new("value", TagValue)], []);
    public static readonly ListShape TagList = new("TagList", Tag);
    public static readonly ListShape TagKeyList = new("TagKeyList", TagKey);
    public static readonly ListShape PartnerIdList = new("PartnerIdList", NonEmptyString, Max: 10);
    public static readonly ListShape MetricStatisticList = new("MetricStatisticList", MetricStatistic);

    public static readonly StructureShape AccessRules = new("AccessRules", [new("getObject", AccessType), new("allowPublicOverrides", Boolean)], []);

    public static readonly StructureShape BucketAccessLogConfig = new(
        "BucketAccessLogConfig",
        [new("enabled", Boolean), new("destination", BucketName), new("prefix", BucketAccessLogPrefix)],
        ["enabled"]);

    public static readonly StructureShape BucketCorsRule = new(
        "BucketCorsRule",
        [
            new("id", BucketCorsRuleId),
            new("allowedMethods", new ListShape("BucketCorsAllowedMethods", BucketCorsAllowedMethod)),
            new("allowedOrigins", new ListShape("BucketCorsAllowedOrigins", PlainString)),
            new("allowedHeaders", new ListShape("BucketCorsAllowedHeaders", PlainString)),
            new("exposeHeaders", new ListShape("BucketCorsExposeHeaders", PlainString)),
            new("maxAgeSeconds", Integer),
        ],
        ["allowedMethods", "allowedOrigins"]);

    public static readonly StructureShape BucketCorsConfig = new("BucketCorsConfig", [new("rules", new ListShape("BucketCorsRules", BucketCorsRule, Max: 20))], []);

    public static readonly StructureShape CreateBucketRequest = new(
        "CreateBucketRequest",
        [new("bucketName", BucketName), new("bundleId", NonEmptyString), new("tags", TagList), new("enableObjectVersioning", Boolean)],
        ["bucketName", "bundleId"]);

    public static readonly StructureShape CreateBucketAccessKeyRequest = new("CreateBucketAccessKeyRequest", [new("bucketName", BucketName)], ["bucketName"]);

    public static readonly StructureShape DeleteBucketRequest = new(
        "DeleteBucketRequest", [new("bucketName", BucketName), new("forceDelete", Boolean)], ["bucketName"]);

    public static readonly StructureShape DeleteBucketAccessKeyRequest = new(
        "DeleteBucketAccessKeyRequest", [new("bucketName", BucketName), new("accessKeyId", NonEmptyString)], ["bucketName", "accessKeyId"]);

    public static readonly StructureShape GetBucketAccessKeysRequest = new("GetBucketAccessKeysRequest", [new("bucketName", BucketName)], ["bucketName"]);

    public static readonly StructureShape GetBucketBundlesRequest = new("GetBucketBundlesRequest", [new("includeInactive", Boolean)], []);

    public static readonly StructureShape GetBucketMetricDataRequest = new(
        "GetBucketMetricDataRequest",
        [
            new("bucketName", BucketName), new("metricName", BucketMetricName), new("startTime", IsoDate), new("endTime", IsoDate),
            new("period", MetricPeriod), new("statistics", MetricStatisticList), new("unit", MetricUnit),
        ],
        ["bucketName", "metricName", "startTime", "endTime", "period", "statistics", "unit"]);

    public static readonly StructureShape GetBucketsRequest = new(
        "GetBucketsRequest",
        [new("bucketName", BucketName), new("pageToken", PlainString), new("includeConnectedResources", Boolean), new("includeCors", Boolean)],
        []);

    public static readonly StructureShape GetOperationRequest = new("GetOperationRequest", [new("operationId", NonEmptyString)], ["operationId"]);

    public static readonly StructureShape GetOperationsRequest = new("GetOperationsRequest", [new("pageToken", PlainString)], []);

    public static readonly StructureShape GetOperationsForResourceRequest = new(
        "GetOperationsForResourceRequest", [new("resourceName", ResourceName), new("pageToken", PlainString)], ["resourceName"]);

    public static readonly StructureShape SetResourceAccessForBucketRequest = new(
        "SetResourceAccessForBucketRequest",
        [new("resourceName", ResourceName), new("bucketName", BucketName), new("access", ResourceBucketAccess)],
        ["resourceName", "bucketName", "access"]);

    public static readonly StructureShape TagResourceRequest = new(
        "TagResourceRequest", [new("resourceName", ResourceName), new("resourceArn", ResourceArn), new("tags", TagList)], ["resourceName", "tags"]);

    public static readonly StructureShape UntagResourceRequest = new(
        "UntagResourceRequest", [new("resourceName", ResourceName), new("resourceArn", ResourceArn), new("tagKeys", TagKeyList)], ["resourceName", "tagKeys"]);

    public static readonly StructureShape UpdateBucketRequest = new(
        "UpdateBucketRequest",
        [
            new("bucketName", BucketName), new("accessRules", AccessRules), new("versioning", NonEmptyString),
            new("readonlyAccessAccounts", PartnerIdList), new("accessLogConfig", BucketAccessLogConfig), new("cors", BucketCorsConfig),
        ],
        ["bucketName"]);

    public static readonly StructureShape UpdateBucketBundleRequest = new(
        "UpdateBucketBundleRequest", [new("bucketName", BucketName), new("bundleId", NonEmptyString)], ["bucketName", "bundleId"]);
}
