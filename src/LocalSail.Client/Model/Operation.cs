using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>Operation</c> shape.</summary>
public sealed class Operation
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("resourceName")]
    public string? ResourceName { get; set; }

    [JsonPropertyName("resourceType")]
    public ResourceType? ResourceType { get; set; }

    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("location")]
    public ResourceLocation? Location { get; set; }

    [JsonPropertyName("isTerminal")]
    public bool? IsTerminal { get; set; }

    [JsonPropertyName("operationDetails")]
    public string? OperationDetails { get; set; }

    [JsonPropertyName("operationType")]
    public OperationType? OperationType { get; set; }

    [JsonPropertyName("status")]
    public OperationStatus? Status { get; set; }

    [JsonPropertyName("statusChangedAt")]
    public DateTimeOffset? StatusChangedAt { get; set; }

    [JsonPropertyName("errorCode")]
    public string? ErrorCode { get; set; }

    [JsonPropertyName("errorDetails")]
    public string? ErrorDetails { get; set; }
}
