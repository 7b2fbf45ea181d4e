using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>Bucket</c> shape.</summary>
public sealed class Bucket
{
    [JsonPropertyName("resourceType")]
    public string? ResourceType { get; set; }

    [JsonPropertyName("accessRules")]
    public AccessRules? AccessRules { get; set; }

    [JsonPropertyName("arn")]
    public string? Arn { get; set; }

    [JsonPropertyName("bundleId")]
    public string? BundleId { get; set; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("location")]
    public ResourceLocation? Location { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("supportCode")]
    public string? SupportCode { get; set; }

    [JsonPropertyName("tags")]
    public List<Tag>? Tags { get; set; }

    [JsonPropertyName("objectVersioning")]
    public string? ObjectVersioning { get; set; }

    [JsonPropertyName("ableToUpdateBundle")]
    public bool? AbleToUpdateBundle { get; set; }

    [JsonPropertyName("readonlyAccessAccounts")]
    public List<string>? ReadonlyAccessAccounts { get; set; }

    [JsonPropertyName("resourcesReceivingAccess")]
    public List<ResourceReceivingAccess>? ResourcesReceivingAccess { get; set; }

    [JsonPropertyName("state")]
    public BucketState? State { get; set; }

    [JsonPropertyName("accessLogConfig")]
    public BucketAccessLogConfig? AccessLogConfig { get; set; }

    [JsonPropertyName("cors")]
    public BucketCorsConfig? Cors { get; set; }
}
