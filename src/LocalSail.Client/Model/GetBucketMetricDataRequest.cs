using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketMetricDataRequest</c> shape.</summary>
public sealed class GetBucketMetricDataRequest
{
    /// <summary>Required.</summary>
    [JsonPropertyName("bucketName")]
    public string? BucketName { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("metricName")]
    public BucketMetricName? MetricName { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("startTime")]
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("endTime")]
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("period")]
    public int? Period { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("statistics")]
    public List<MetricStatistic>? Statistics { get; set; }

    /// <summary>Required.</summary>
    [JsonPropertyName("unit")]
    public MetricUnit? Unit { get; set; }
}
