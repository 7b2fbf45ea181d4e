using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>BucketCorsRule</c> shape.</summary>
public sealed class BucketCorsRule
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("allowedMethods")]
    public List<string>? AllowedMethods { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("allowedOrigins")]
    public List<string>? AllowedOrigins { get; set; }

    [JsonPropertyName("allowedHeaders")]
    public List<string>? AllowedHeaders { get; set; }

    [JsonPropertyName("exposeHeaders")]
    public List<string>? ExposeHeaders { get; set; }

    [JsonPropertyName("maxAgeSeconds")]
    public int? MaxAgeSeconds { get; set; }
}
