using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// Bucket size and object count. Earlier periods are summarized from the recorded usage samples; the current
/// period is measured from what is stored now, as one sample stamped at its start. Periods are included when
/// their start lies within the requested window.
/// </summary>
internal sealed class GetBucketMetricData(IControlPlaneStore store, IBucketContents contents, IBucketUsageHistory history)
    : LightsailOperation<GetBucketMetricDataRequest, GetBucketMetricDataResponse>(LightsailOperations.GetBucketMetricData)
{
    protected override async Task<Outcome<GetBucketMetricDataResponse>> HandleAsync(GetBucketMetricDataRequest request, LightsailRequestContext context)
    {
        // Every member is required: validation has seen them all.
        var bucketName = request.BucketName!;
        var metricName = request.MetricName!.Value;
        var (startTime, endTime, period) = (request.StartTime!.Value, request.EndTime!.Value, request.Period!.Value);
        var statistics = request.Statistics!;
        var unit = request.Unit!.Value;
        var bucketSize = metricName == BucketMetricName.BucketSizeBytes;
        var expectedUnit = bucketSize ? MetricUnit.Bytes : MetricUnit.Count;
        if (unit != expectedUnit)
        {
            return LightsailError.InvalidInput($"The unit of {metricName} is {expectedUnit}, not {unit}.");
        }

        if (endTime < startTime)
        {
            return LightsailError.InvalidInput("endTime must not be before startTime.");
        }

        if (statistics.Count == 0)
        {
            return LightsailError.InvalidInput("statistics must name at least one statistic.");
        }

        var bucket = await store.GetBucketAsync(context.Scope, bucketName, context.CancellationToken);
        if (bucket is null)
        {
            return LightsailError.NotFound("bucket", bucketName);
        }

        var periodStart = PeriodStart(context.Now, period);
        var data = new List<MetricDatapoint>();
        var recordedBefore = endTime < periodStart ? endTime.AddMilliseconds(1) : periodStart;
        var samples = await history.ListAsync(bucket.Id, startTime, recordedBefore, context.CancellationToken);
        foreach (var recorded in samples.GroupBy(sample => PeriodStart(sample.At, period)))
        {
            if (recorded.Key >= startTime)
            {
                data.Add(Datapoint(recorded.Key, [.. recorded.Select(sample => (double)(bucketSize ? sample.SizeBytes : sample.ObjectCount))], expectedUnit, statistics));
            }
        }

        if (periodStart >= startTime && periodStart <= endTime)
        {
            var usage = await contents.GetUsageAsync(bucket, context.CancellationToken);
            data.Add(Datapoint(periodStart, [bucketSize ? usage.SizeBytes : usage.ObjectCount], expectedUnit, statistics));
        }

        return new GetBucketMetricDataResponse { MetricName = metricName, MetricData = data };
    }

    private static DateTimeOffset PeriodStart(DateTimeOffset at, int period) =>
        DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds() / period * period);

    private static MetricDatapoint Datapoint(DateTimeOffset timestamp, double[] values, MetricUnit unit, List<MetricStatistic> statistics) => new()
    {
        Timestamp = timestamp,
        Unit = unit,
        Average = statistics.Contains(MetricStatistic.Average) ? values.Average() : null,
        Maximum = statistics.Contains(MetricStatistic.Maximum) ? values.Max() : null,
        Minimum = statistics.Contains(MetricStatistic.Minimum) ? values.Min() : null,
        Sum = statistics.Contains(MetricStatistic.Sum) ? values.Sum() : null,
        SampleCount = statistics.Contains(MetricStatistic.SampleCount) ? values.Length : null,
    };
}
