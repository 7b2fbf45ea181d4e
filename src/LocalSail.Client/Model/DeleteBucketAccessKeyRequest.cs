using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>DeleteBucketAccessKeyRequest</c> shape.</summary>
public sealed class DeleteBucketAccessKeyRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("accessKeyId")]
    public string? AccessKeyId { get; set; }
}
