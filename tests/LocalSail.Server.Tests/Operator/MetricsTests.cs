using LocalSail.Server.Operator.Usage;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Operator;

/// <summary>/_localsail/metrics: Prometheus' text format through OpenTelemetry, moved by the requests the server answers.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Request_metrics_count_each_request_by_api_operation_and_error_with_its_bytes_and_latency()
    {
        var (server, bucket, key, _) = await S3TestServer.StartWithBucketAsync("metrics");
        await using (server)
        {
            // One connection for the requests and the scrapes: each is observed before the next is read.
            using var client = new OperatorClient(server.Server);
            var root = server.Server.RootCredentials;
            var before = await ScrapeAsync(client);

            var body = new byte[1500];
            Assert.Equal(200, (await client.S3Async(HttpMethod.Put, $"/{bucket}/data.bin", key, body)).Status);
            Assert.Equal(200, (await client.S3Async(HttpMethod.Get, $"/{bucket}/data.bin", key)).Status);
            Assert.Equal(200, (await client.S3Async(HttpMethod.Head, $"/{bucket}/data.bin", key)).Status);
            Assert.Equal(404, (await client.S3Async(HttpMethod.Get, $"/{bucket}/missing", key)).Status);
            Assert.Equal(200, (await client.LightsailAsync("GetBuckets", root)).Status);
            Assert.Equal(400, (await client.LightsailAsync("GetBuckets", root, """{"bucketName":"no-such-bucket"}""")).Status);

            var after = await ScrapeAsync(client);
            double Moved(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);

            Assert.Equal(1, Moved("localsail_requests_total", ("api", "s3"), ("operation", "PutObject")));
            Assert.Equal(2, Moved("localsail_requests_total", ("api", "s3"), ("operation", "GetObject")));
            Assert.Equal(1, Moved("localsail_requests_total", ("api", "s3"), ("operation", "HeadObject")));
            Assert.Equal(2, Moved("localsail_requests_total", ("api", "lightsail"), ("operation", "GetBuckets")));
            Assert.Equal(1, Moved("localsail_request_errors_total", ("api", "s3"), ("operation", "GetObject"), ("code", "NoSuchKey")));
            Assert.Equal(1, Moved("localsail_request_errors_total", ("api", "lightsail"), ("operation", "GetBuckets"), ("code", "NotFoundException")));
            Assert.Equal(1500, Moved("localsail_received_bytes_total", ("api", "s3"), ("operation", "PutObject")));
            // The object's bytes once (HEAD sends none), and the error document of the missing key.
            Assert.True(Moved("localsail_sent_bytes_total", ("api", "s3"), ("operation", "GetObject")) > 1500);
            Assert.Equal(0, Moved("localsail_sent_bytes_total", ("api", "s3"), ("operation", "HeadObject")));
            Assert.Equal(2, Moved("localsail_request_duration_seconds_count", ("api", "s3"), ("operation", "GetObject")));
            Assert.Equal(2, Moved("localsail_request_duration_seconds_bucket", ("api", "s3"), ("operation", "GetObject"), ("le", "+Inf")));
            Assert.True(Moved("localsail_request_duration_seconds_sum", ("api", "s3"), ("operation", "GetObject")) > 0);

            // The scrapes themselves are the operator surface's, not an API's: they are not counted.
            Assert.DoesNotContain(after, s => s.Labels.TryGetValue("operation", out var op) && op.Contains("metrics", StringComparison.OrdinalIgnoreCase));
            Assert.True(after.Value("kestrel_active_connections") >= 1);
        }
    }

    [Fact]
    public async Task Store_gauges_count_buckets_and_keys_now_and_objects_as_of_the_latest_usage_sample()
    {
        // No sampling but the test's own.
        await using var server = await S3TestServer.StartAsync(o => o.UsageSampleInterval = TimeSpan.Zero);
        var bucket = await server.CreateBucketAsync("gauges");
        var key = await server.CreateKeyAsync(bucket);
        {
            using var client = new OperatorClient(server.Server);
            using var raw = new RawS3Client(server.Server.Endpoint);
            await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/{bucket}/a", key, new byte[700]);
            await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/{bucket}/b", key, new byte[300]);

            var beforeSample = await ScrapeAsync(client);
            Assert.Equal(1, beforeSample.Value("localsail_buckets"));
            Assert.Equal(1, beforeSample.Value("localsail_access_keys"));
            Assert.DoesNotContain(beforeSample, s => s.Name == "localsail_objects");

            await server.Server.GetService<BucketUsageSampler>().SampleAsync(CancellationToken.None);
            var afterSample = await ScrapeAsync(client);
            Assert.Equal(2, afterSample.Value("localsail_objects", ("bucket", bucket), ("region", "us-east-1")));
            Assert.Equal(1000, afterSample.Value("localsail_stored_bytes", ("bucket", bucket)));
        }
    }

    [Fact]
    public async Task Curl_reads_the_metrics_as_Prometheus_does()
    {
        await using var server = await RunningServer.StartAsync();
        var result = await ExternalProcess.RunAsync("curl", ["-fsS", "-D", "-", "-H", "Accept: text/plain;version=0.0.4;q=1,*/*;q=0.1", server.EndpointUrl + "/_localsail/metrics"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var separator = result.StandardOutput.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = result.StandardOutput[..separator];
        Assert.Contains("Content-Type: text/plain; version=0.0.4", headers, StringComparison.OrdinalIgnoreCase);
        var samples = PrometheusText.Parse(result.StandardOutput[(separator + 4)..]);
        Assert.Contains(samples, s => s.Name == "localsail_buckets");
        Assert.Contains(samples, s => s.Name == "target_info" && s.Labels["service_name"] == "localsail");
    }

    [Fact]
    public async Task Two_servers_in_one_process_each_report_only_their_own_requests_and_store()
    {
        await using var first = await RunningServer.StartAsync(configure: o => o.UsageSampleInterval = TimeSpan.Zero);
        await using var second = await RunningServer.StartAsync(configure: o => o.UsageSampleInterval = TimeSpan.Zero);
        using var firstClient = new OperatorClient(first);
        using var secondClient = new OperatorClient(second);
        Assert.Equal(200, (await firstClient.LightsailAsync("CreateBucket", first.RootCredentials, """{"bucketName":"only-in-first","bundleId":"small_1_0"}""")).Status);
        Assert.Equal(200, (await firstClient.LightsailAsync("GetBuckets", first.RootCredentials)).Status);

        var firstMetrics = await ScrapeAsync(firstClient);
        var secondMetrics = await ScrapeAsync(secondClient);
        Assert.Equal(1, firstMetrics.Value("localsail_requests_total", ("operation", "CreateBucket")));
        Assert.Equal(1, firstMetrics.Value("localsail_buckets"));
        Assert.Equal(0, secondMetrics.Value("localsail_requests_total", ("operation", "CreateBucket")));
        Assert.Equal(0, secondMetrics.Value("localsail_buckets"));
        Assert.Single(secondMetrics, s => s.Name == "localsail_buckets");
    }

    private static async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync(OperatorClient client)
    {
        var reply = await client.GetAsync("/_localsail/metrics");
        Assert.Equal(200, reply.Status);
        return PrometheusText.Parse(reply.Body);
    }
}
