using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>CreateBucketRequest</c> shape.</summary>
public sealed class CreateBucketRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("bundleId")]
    public string? BundleId { get; set; }

    [JsonPropertyName("tags")]
    public List<Tag>? Tags { get; set; }

    [JsonPropertyName("enableObjectVersioning")]
    public bool? EnableObjectVersioning { get; set; }
}
