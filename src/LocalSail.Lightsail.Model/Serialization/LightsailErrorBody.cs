using System.Text.Json.Serialization;

namespace LocalSail.Lightsail.Model.Serialization;

/// <summary>The body of a JSON 1.1 error answer: <c>__type</c> names the exception; the rest are the model's error members.</summary>
public sealed class LightsailErrorBody
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("docs")]
    public string? Docs { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Some services spell it with a capital letter; read, never written by LocalSail.</summary>
    [JsonPropertyName("Message")]
    public string? CapitalMessage { get; set; }

    [JsonPropertyName("tip")]
    public string? Tip { get; set; }
}
