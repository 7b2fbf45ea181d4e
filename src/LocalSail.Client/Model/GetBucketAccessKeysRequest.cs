using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketAccessKeysRequest</c> shape.</summary>
public sealed class GetBucketAccessKeysRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }
}
