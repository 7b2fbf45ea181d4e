using System.Diagnostics;
using System.Diagnostics.Metrics;
using LocalSail.Server.Hosting;
using Microsoft.AspNetCore.Http;

namespace LocalSail.Server.Operator.Metrics;

/// <summary>
/// Records every answered request of both APIs on the <c>LocalSail</c> meter: count and latency by API and
/// operation, errors by wire code, and body bytes received and sent (as their Content-Length declares; a
/// chunked body without one is not counted). Tags come from a bounded set: never a bucket, key or key id.
/// </summary>
internal sealed class RequestMetrics : IRequestObserver
{
    public const string MeterName = "LocalSail";

    // Seconds, from half a millisecond (an inline object read) to a minute (a large upload).
    private static readonly double[] DurationBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _received;
    private readonly Counter<long> _sent;

    public RequestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("localsail.requests", "{request}", "Requests answered, by API and operation.");
        _duration = meter.CreateHistogram(
            "localsail.request.duration",
            "s",
            "Time from a request's arrival to its answer, by API and operation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBoundaries });
        _errors = meter.CreateCounter<long>("localsail.request.errors", "{request}", "Requests answered with an error, by API, operation and the wire's error code.");
        _received = meter.CreateCounter<long>("localsail.received", "By", "Request body bytes received, by API and operation.");
        _sent = meter.CreateCounter<long>("localsail.sent", "By", "Response body bytes sent, by API and operation.");
    }

    public void OnCompleted(HttpContext context, RequestSummary summary, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "api", summary.Api == RequestApi.Lightsail ? "lightsail" : "s3" },
            { "operation", summary.Operation ?? "unknown" },
        };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
        if (summary.ErrorCode is { } code)
        {
            var errorTags = tags;
            errorTags.Add("code", code);
            _errors.Add(1, errorTags);
        }

        if (context.Request.ContentLength is > 0 and var received)
        {
            _received.Add(received, tags);
        }

        var response = context.Response;
        if (response.ContentLength is > 0 and var sent && !HttpMethods.IsHead(context.Request.Method) && response.StatusCode != StatusCodes.Status304NotModified)
        {
            _sent.Add(sent, tags);
        }
    }
}
