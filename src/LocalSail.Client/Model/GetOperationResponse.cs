using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetOperationResult</c> shape.</summary>
public sealed class GetOperationResponse : LightsailResponse
{
    [JsonPropertyName("operation")]
    public Operation? Operation { get; set; }
}
