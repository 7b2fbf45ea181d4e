using System.Text.Json;
using LocalSail.Server.Operator.Usage;
using LocalSail.Server.Storage;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LocalSail.Server.Tests.Operator.Usage;

/// <summary>Usage samples: what the sampler records and keeps, and GetBucketMetricData's earlier periods read from them.</summary>
public sealed class BucketUsageSamplerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 34, 56, TimeSpan.Zero);

    [Fact]
    public async Task Each_sample_records_every_bucket_and_drops_samples_older_than_the_retention()
    {
        var clock = new ManualClock(Start);
        await using var server = await RunningServer.StartAsync(
            configure: o => { o.UsageSampleRetention = TimeSpan.FromHours(1); o.UsageSampleInterval = TimeSpan.Zero; },
            configureServices: services => services.AddSingleton<TimeProvider>(clock));
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials, clock: clock);
        using var raw = new RawS3Client(server.Endpoint);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"sampled","bundleId":"small_1_0"}""");
        await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/sampled/a", server.RootCredentials, new byte[123], signedAt: clock.GetUtcNow());
        var sampler = server.GetService<BucketUsageSampler>();
        var history = server.GetService<IBucketUsageHistory>();
        var bucket = (await server.GetService<IControlPlaneStore>().GetBucketAsync(new ResourceScope(server.AccountId, "us-east-1"), "sampled", CancellationToken.None))!;

        await sampler.SampleAsync(CancellationToken.None);
        Assert.Equal((123L, 1L), (Assert.Single(sampler.Latest).Usage.SizeBytes, sampler.Latest[0].Usage.ObjectCount));

        clock.Advance(TimeSpan.FromMinutes(90));
        await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/sampled/b", server.RootCredentials, new byte[7], signedAt: clock.GetUtcNow());
        await sampler.SampleAsync(CancellationToken.None);

        var kept = await history.ListAsync(bucket.Id, Start.AddDays(-1), clock.GetUtcNow().AddDays(1), CancellationToken.None);
        var sample = Assert.Single(kept);
        Assert.Equal((clock.GetUtcNow(), 130L, 2L), (sample.At, sample.SizeBytes, sample.ObjectCount));
    }

    [Fact]
    public async Task GetBucketMetricData_summarizes_earlier_periods_from_the_samples_and_measures_the_current_one()
    {
        var clock = new ManualClock(Start);
        await using var server = await RunningServer.StartAsync(
            configure: o => o.UsageSampleInterval = TimeSpan.Zero,
            configureServices: services => services.AddSingleton<TimeProvider>(clock));
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials, clock: clock);
        using var raw = new RawS3Client(server.Endpoint);
        await lightsail.CallOkAsync("CreateBucket", """{"bucketName":"charted","bundleId":"small_1_0"}""");
        await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/charted/now", server.RootCredentials, new byte[40], signedAt: clock.GetUtcNow());
        var bucket = (await server.GetService<IControlPlaneStore>().GetBucketAsync(new ResourceScope(server.AccountId, "us-east-1"), "charted", CancellationToken.None))!;
        var hour = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await server.GetService<IBucketUsageHistory>().RecordAsync(
            [
                new(bucket.Id, hour.AddHours(-2).AddMinutes(1), 10, 1),
                new(bucket.Id, hour.AddHours(-2).AddMinutes(30), 20, 2),
                new(bucket.Id, hour.AddHours(-1).AddMinutes(5), 30, 3),
                new(bucket.Id, hour.AddMinutes(5), 999, 99),
            ],
            hour.AddDays(-1),
            CancellationToken.None);

        var size = await lightsail.CallOkAsync("GetBucketMetricData", JsonSerializer.Serialize(new
        {
            bucketName = "charted",
            metricName = "BucketSizeBytes",
            startTime = hour.AddHours(-3).ToUnixTimeSeconds(),
            endTime = clock.GetUtcNow().ToUnixTimeSeconds(),
            period = 3600,
            statistics = new[] { "Maximum", "Minimum", "Average", "SampleCount" },
            unit = "Bytes",
        }));

        var points = size.GetProperty("metricData").EnumerateArray()
            .Select(p => (p.GetProperty("timestamp").GetDouble(), p.GetProperty("maximum").GetDouble(), p.GetProperty("minimum").GetDouble(), p.GetProperty("average").GetDouble(), p.GetProperty("sampleCount").GetDouble()))
            .ToList();
        // The current hour is what is stored now (40 bytes), not the sample recorded in it.
        Assert.Equal(
            [
                ((double)hour.AddHours(-2).ToUnixTimeSeconds(), 20.0, 10.0, 15.0, 2.0),
                ((double)hour.AddHours(-1).ToUnixTimeSeconds(), 30.0, 30.0, 30.0, 1.0),
                ((double)hour.ToUnixTimeSeconds(), 40.0, 40.0, 40.0, 1.0),
            ],
            points);

        // A window that ended before this hour holds only recorded periods.
        var past = await lightsail.CallOkAsync("GetBucketMetricData", JsonSerializer.Serialize(new
        {
            bucketName = "charted",
            metricName = "NumberOfObjects",
            startTime = hour.AddHours(-3).ToUnixTimeSeconds(),
            endTime = hour.AddHours(-1).AddMinutes(1).ToUnixTimeSeconds(),
            period = 3600,
            statistics = new[] { "Maximum" },
            unit = "Count",
        }));
        Assert.Equal([2.0], past.GetProperty("metricData").EnumerateArray().Select(p => p.GetProperty("maximum").GetDouble()));
    }
}
