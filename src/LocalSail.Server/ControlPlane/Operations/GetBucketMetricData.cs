using LocalSail.Lightsail.Model;
using LocalSail.Lightsail.Model.Shapes;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// Bucket size and object count, measured from what is stored now. The one datapoint is stamped at the
/// start of the current period, when that lies within the requested window.
/// </summary>
internal sealed class GetBucketMetricData(IControlPlaneStore store, IBucketContents contents)
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

        var usage = await contents.GetUsageAsync(bucket, context.CancellationToken);
        double value = bucketSize ? usage.SizeBytes : usage.ObjectCount;
        var periodStart = DateTimeOffset.FromUnixTimeSeconds(context.Now.ToUnixTimeSeconds() / period * period);

        var data = new List<MetricDatapoint>();
        if (periodStart >= startTime && periodStart <= endTime)
        {
            data.Add(new MetricDatapoint
            {
                Timestamp = periodStart,
                Unit = expectedUnit,
                Average = statistics.Contains(MetricStatistic.Average) ? value : null,
                Maximum = statistics.Contains(MetricStatistic.Maximum) ? value : null,
                Minimum = statistics.Contains(MetricStatistic.Minimum) ? value : null,
                Sum = statistics.Contains(MetricStatistic.Sum) ? value : null,
                SampleCount = statistics.Contains(MetricStatistic.SampleCount) ? 1 : null,
            });
        }

        return new GetBucketMetricDataResponse { MetricName = metricName, MetricData = data };
    }
}
