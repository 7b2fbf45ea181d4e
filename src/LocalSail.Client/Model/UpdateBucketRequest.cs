using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>UpdateBucketRequest</c> shape.</summary>
public sealed class UpdateBucketRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    [JsonPropertyName("accessRules")]
    public AccessRules? AccessRules { get; set; }

    [JsonPropertyName("versioning")]
    public string? Versioning { get; set; }

    [JsonPropertyName("readonlyAccessAccounts")]
    public List<string>? ReadonlyAccessAccounts { get; set; }

    [JsonPropertyName("accessLogConfig")]
    public BucketAccessLogConfig? AccessLogConfig { get; set; }

    [JsonPropertyName("cors")]
    public BucketCorsConfig? Cors { get; set; }
}
