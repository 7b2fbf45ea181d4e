using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>UpdateBucketBundleRequest</c> shape.</summary>
public sealed class UpdateBucketBundleRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("bundleId")]
    public string? BundleId { get; set; }
}
