using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// Bucket size and object count. Earlier periods are summarized from the recorded usage samples; the current
/// period is measured from what is stored now, as one sample stamped at its start. Periods are included when
/// their start lies within the requested window.
/// </summary>
public sealed class GetBucketMetricData(IControlPlaneStore store, IBucketContents contents, IBucketUsageHistory history)
    : LightsailOperation<GetBucketMetricDataRequest, GetBucketMetricDataResult>
{
    public override string Name => "GetBucketMetricData";

    public override StructureShape Input => LightsailShapes.GetBucketMetricDataRequest;

    protected override JsonTypeInfo<GetBucketMetricDataRequest> RequestType => LightsailJsonContext.Default.GetBucketMetricDataRequest;

    protected override JsonTypeInfo<GetBucketMetricDataResult> ResultType => LightsailJsonContext.Default.GetBucketMetricDataResult;

    protected override async Task<Outcome<GetBucketMetricDataResult>> HandleAsync(GetBucketMetricDataRequest request, LightsailRequestContext context)
    {
        var expectedUnit = request.MetricName == "BucketSizeBytes" ? "Bytes" : "Count";
        if (request.Unit != expectedUnit)
        {
            return LightsailError.InvalidInput($"The unit of {request.MetricName} is {expectedUnit}, not {request.Unit}.");
        }

        if (request.EndTime < request.StartTime)
        {
            return LightsailError.InvalidInput("endTime must not be before startTime.");
        }

        if (request.Statistics.Count == 0)
        {
            return LightsailError.InvalidInput("statistics must name at least one statistic.");
        }

        var bucket = await store.GetBucketAsync(context.Scope, request.BucketName, context.CancellationToken);
        if (bucket is null)
        {
            return LightsailError.NotFound("bucket", request.BucketName);
        }

        var isSize = request.MetricName == "BucketSizeBytes";
        var periodStart = PeriodStart(context.Now, request.Period);
        var data = new List<MetricDatapoint>();
        var recordedBefore = request.EndTime < periodStart ? request.EndTime.AddMilliseconds(1) : periodStart;
        var samples = await history.ListAsync(bucket.Id, request.StartTime, recordedBefore, context.CancellationToken);
        foreach (var period in samples.GroupBy(sample => PeriodStart(sample.At, request.Period)))
        {
            if (period.Key >= request.StartTime)
            {
                data.Add(Datapoint(period.Key, [.. period.Select(sample => (double)(isSize ? sample.SizeBytes : sample.ObjectCount))], expectedUnit, request.Statistics));
            }
        }

        if (periodStart >= request.StartTime && periodStart <= request.EndTime)
        {
            var usage = await contents.GetUsageAsync(bucket, context.CancellationToken);
            data.Add(Datapoint(periodStart, [isSize ? usage.SizeBytes : usage.ObjectCount], expectedUnit, request.Statistics));
        }

        return new GetBucketMetricDataResult(request.MetricName, data);
    }

    private static DateTimeOffset PeriodStart(DateTimeOffset at, int period) =>
        DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds() / period * period);

    private static MetricDatapoint Datapoint(DateTimeOffset timestamp, double[] values, string unit, List<string> statistics) => new()
    {
        Timestamp = timestamp,
        Unit = unit,
        Average = statistics.Contains("Average") ? values.Average() : null,
        Maximum = statistics.Contains("Maximum") ? values.Max() : null,
        Minimum = statistics.Contains("Minimum") ? values.Min() : null,
        Sum = statistics.Contains("Sum") ? values.Sum() : null,
        SampleCount = statistics.Contains("SampleCount") ? values.Length : null,
    };
}
