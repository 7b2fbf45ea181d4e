using System.Text.Json.Serialization.Metadata;
using LocalSail.Server.ControlPlane.Model;
using LocalSail.Server.ControlPlane.Protocol;
using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;

namespace LocalSail.Server.ControlPlane.Operations;

/// <summary>
/// Bucket size and object count, measured from what is stored now. The one datapoint is stamped at the
/// start of the current period, when that lies within the requested window.
/// </summary>
public sealed class GetBucketMetricData(IControlPlaneStore store, IBucketContents contents)
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

        var usage = await contents.GetUsageAsync(bucket, context.CancellationToken);
        double value = request.MetricName == "BucketSizeBytes" ? usage.SizeBytes : usage.ObjectCount;
        var periodStart = DateTimeOffset.FromUnixTimeSeconds(context.Now.ToUnixTimeSeconds() / request.Period * request.Period);

        var data = new List<MetricDatapoint>();
        if (periodStart >= request.StartTime && periodStart <= request.EndTime)
        {
            data.Add(new MetricDatapoint
            {
                Timestamp = periodStart,
                Unit = expectedUnit,
                Average = request.Statistics.Contains("Average") ? value : null,
                Maximum = request.Statistics.Contains("Maximum") ? value : null,
                Minimum = request.Statistics.Contains("Minimum") ? value : null,
                Sum = request.Statistics.Contains("Sum") ? value : null,
                SampleCount = request.Statistics.Contains("SampleCount") ? 1 : null,
            });
        }

        return new GetBucketMetricDataResult(request.MetricName, data);
    }
}
