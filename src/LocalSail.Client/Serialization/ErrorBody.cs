using System.Text.Json.Serialization;

namespace LocalSail.Client.Serialization;

/// <summary>The body of a JSON 1.1 error response.</summary>
internal sealed class ErrorBody
{
    [JsonPropertyName("__type")]
    public string? Type { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("docs")]
    public string? Docs { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    // Some services spell it with a capital letter.
    [JsonPropertyName("Message")]
    public string? CapitalMessage { get; set; }

    [JsonPropertyName("tip")]
    public string? Tip { get; set; }
}
