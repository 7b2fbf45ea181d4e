using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketsRequest</c> shape.</summary>
public sealed class GetBucketsRequest
{
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    [JsonPropertyName("pageToken")]
    public string? PageToken { get; set; }

    [JsonPropertyName("includeConnectedResources")]
    public bool? IncludeConnectedResources { get; set; }

    [JsonPropertyName("includeCors")]
    public bool? IncludeCors { get; set; }
}
