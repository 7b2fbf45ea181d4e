using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>CreateBucketAccessKeyRequest</c> shape.</summary>
public sealed class CreateBucketAccessKeyRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }
}
