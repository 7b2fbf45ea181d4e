using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>MetricDatapoint</c> shape.</summary>
public sealed class MetricDatapoint
{
    [JsonPropertyName("average")]
    public double? Average { get; set; }

    [JsonPropertyName("maximum")]
    public double? Maximum { get; set; }

    [JsonPropertyName("minimum")]
    public double? Minimum { get; set; }

    [JsonPropertyName("sampleCount")]
    public double? SampleCount { get; set; }

    [JsonPropertyName("sum")]
    public double? Sum { get; set; }

    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; set; }

    [JsonPropertyName("unit")]
    public MetricUnit? Unit { get; set; }
}
