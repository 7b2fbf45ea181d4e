using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>SetResourceAccessForBucketRequest</c> shape.</summary>
public sealed class SetResourceAccessForBucketRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("resourceName")]
    public string? ResourceName { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("access")]
    public ResourceBucketAccess? Access { get; set; }
}
