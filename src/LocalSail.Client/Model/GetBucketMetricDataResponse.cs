using System.Text.Json.Serialization;

namespace LocalSail.Client.Model;

/// <summary>The <c>GetBucketMetricDataResult</c> shape.</summary>
public sealed class GetBucketMetricDataResponse : LightsailResponse
{
    [JsonPropertyName("metricName")]
    public BucketMetricName? MetricName { get; set; }

    [JsonPropertyName("metricData")]
    public List<MetricDatapoint>? MetricData { get; set; }
}
