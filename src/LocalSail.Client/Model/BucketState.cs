using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>BucketState</c> shape.</summary>
public sealed class BucketState
{
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
