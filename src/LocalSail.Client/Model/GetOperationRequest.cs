using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetOperationRequest</c> shape.</summary>
public sealed class GetOperationRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("operationId")]
    public string? OperationId { get; set; }
}
