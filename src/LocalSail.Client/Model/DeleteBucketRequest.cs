using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>DeleteBucketRequest</c> shape.</summary>
public sealed class DeleteBucketRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    [JsonPropertyName("forceDelete")]
    public bool? ForceDelete { get; set; }
}
