using System.Net;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests.EndToEnd;

/// <summary>The bucket operations of the typed client against the real server.</summary>
public sealed class BucketTests(ServerFixture fixture) : IClassFixture<ServerFixture>, IDisposable
{
    private readonly LightsailClient _client = fixture.CreateClient();

    public void Dispose() => _client.Dispose();

    private Task<CreateBucketResponse> CreateAsync(string name, string bundleId = "small_1_0") =>
        _client.CreateBucketAsync(new CreateBucketRequest { BucketName = name, BundleId = bundleId });

    private async Task<Bucket> GetAsync(string name, bool includeCors = false) =>
        Assert.Single((await _client.GetBucketsAsync(new GetBucketsRequest { BucketName = name, IncludeCors = includeCors })).Buckets!);

    [Fact]
    public async Task CreateBucket_answers_the_bucket_and_its_operation()
    {
        var before = DateTimeOffset.UtcNow;
        var response = await _client.CreateBucketAsync(new CreateBucketRequest
        {
            BucketName = "e2e-create",
            BundleId = "medium_1_0",
            Tags = [new Tag { Key = "team", Value = "storage" }, new Tag { Key = "empty" }],
            EnableObjectVersioning = true,
        });
        var after = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        Assert.True(Guid.TryParse(response.RequestId, out _));
        var bucket = response.Bucket!;
        Assert.Equal("e2e-create", bucket.Name);
        Assert.Equal("Bucket", bucket.ResourceType);
        Assert.Equal("medium_1_0", bucket.BundleId);
        Assert.Equal($"arn:aws:lightsail:us-east-1:{fixture.Server.AccountId}:Bucket/", bucket.Arn![..^36]);
        Assert.True(Guid.TryParse(bucket.Arn[^36..], out _));
        Assert.Equal(new Uri(fixture.Server.Endpoint, "e2e-create/").ToString(), bucket.Url);
        Assert.Equal("all", bucket.Location!.AvailabilityZone);
        Assert.Equal(RegionName.UsEast1, bucket.Location.RegionName);
        Assert.EndsWith("/arn:aws:s3:::e2e-create", bucket.SupportCode, StringComparison.Ordinal);
        Assert.Equal("Enabled", bucket.ObjectVersioning);
        Assert.True(bucket.AbleToUpdateBundle);
        Assert.Equal(AccessType.Private, bucket.AccessRules!.GetObject);
        Assert.False(bucket.AccessRules.AllowPublicOverrides);
        Assert.Empty(bucket.ReadonlyAccessAccounts!);
        Assert.Empty(bucket.ResourcesReceivingAccess!);
        Assert.Equal("OK", bucket.State!.Code);
        Assert.False(bucket.AccessLogConfig!.Enabled);
        Assert.Null(bucket.Cors);
        Assert.Equal([("team", "storage"), ("empty", null)], bucket.Tags!.Select(t => (t.Key, t.Value)));
        var createdAt = Expect.Between(bucket.CreatedAt, before, after);

        var operation = Assert.Single(response.Operations!);
        Expect.Operation(operation, OperationType.CreateBucket, "e2e-create");
        Assert.Equal(createdAt, operation.CreatedAt);
    }

    [Fact]
    public async Task CreateBucket_without_versioning_and_with_a_taken_name_or_unknown_bundle()
    {
        var created = await CreateAsync("e2e-create-plain");
        Assert.Equal("NeverEnabled", created.Bucket!.ObjectVersioning);
        Assert.Empty(created.Bucket.Tags!);

        var taken = await Expect.ErrorAsync<InvalidInputException>(() => CreateAsync("e2e-create-plain"), "AlreadyExists");
        Assert.Contains("e2e-create-plain", taken.Message, StringComparison.Ordinal);
        var bundle = await Expect.ErrorAsync<InvalidInputException>(() => CreateAsync("e2e-create-bundle", "huge_9_0"), "InvalidInput");
        Assert.Contains("huge_9_0", bundle.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => GetAsync("e2e-create-bundle"));
    }

    [Fact]
    public async Task GetBuckets_answers_one_bucket_by_name_and_every_bucket_without_a_name()
    {
        var created = (await CreateAsync("e2e-get-one")).Bucket!;
        await CreateAsync("e2e-get-two");

        var one = await _client.GetBucketsAsync(new GetBucketsRequest { BucketName = "e2e-get-one" });
        var bucket = Assert.Single(one.Buckets!);
        Assert.Null(one.NextPageToken);
        Assert.Equal(created.Arn, bucket.Arn);
        Assert.Equal(created.CreatedAt, bucket.CreatedAt);
        Assert.Equal(created.SupportCode, bucket.SupportCode);
        Assert.Equal(created.Url, bucket.Url);

        var all = await _client.GetBucketsAsync(new GetBucketsRequest());
        var names = all.Buckets!.Select(b => b.Name!).ToList();
        Assert.Contains("e2e-get-one", names);
        Assert.Contains("e2e-get-two", names);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Null(all.NextPageToken);

        var missing = await Expect.ErrorAsync<NotFoundException>(() => GetAsync("e2e-get-missing"), "DoesNotExist");
        Assert.Contains("DoesNotExist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteBucket_is_refused_while_the_bucket_has_keys_and_forced_with_them()
    {
        await CreateAsync("e2e-delete-keys");
        var key = (await _client.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = "e2e-delete-keys" })).AccessKey!;

        var refused = await Expect.ErrorAsync<InvalidInputException>(
            () => _client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = "e2e-delete-keys" }), "BucketNotEmpty");
        Assert.Contains("forceDelete", refused.Message, StringComparison.Ordinal);
        Assert.Equal(key.AccessKeyId, Assert.Single((await _client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "e2e-delete-keys" })).AccessKeys!).AccessKeyId);

        var before = DateTimeOffset.UtcNow;
        var deleted = await _client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = "e2e-delete-keys", ForceDelete = true });
        var after = DateTimeOffset.UtcNow;

        var operation = Assert.Single(deleted.Operations!);
        Expect.Operation(operation, OperationType.DeleteBucket, "e2e-delete-keys");
        Expect.Between(operation.CreatedAt, before, after);
        await Expect.ErrorAsync<NotFoundException>(() => GetAsync("e2e-delete-keys"), "DoesNotExist");
        await Expect.ErrorAsync<NotFoundException>(
            () => _client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "e2e-delete-keys" }), "DoesNotExist");
    }

    [Fact]
    public async Task DeleteBucket_deletes_an_empty_bucket_and_then_finds_none()
    {
        await CreateAsync("e2e-delete-empty");

        var deleted = await _client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = "e2e-delete-empty" });

        Expect.Operation(Assert.Single(deleted.Operations!), OperationType.DeleteBucket, "e2e-delete-empty");
        Assert.DoesNotContain("e2e-delete-empty", (await _client.GetBucketsAsync(new GetBucketsRequest())).Buckets!.Select(b => b.Name));
        var again = await Expect.ErrorAsync<NotFoundException>(
            () => _client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = "e2e-delete-empty" }), "DoesNotExist");
        Assert.Contains("DoesNotExist", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateBucket_changes_every_member()
    {
        await CreateAsync("e2e-update");
        await CreateAsync("e2e-update-logs");
        var cors = new BucketCorsConfig
        {
            Rules =
            [
                new BucketCorsRule
                {
                    Id = "web",
                    AllowedMethods = ["GET", "PUT"],
                    AllowedOrigins = ["https://example.com"],
                    AllowedHeaders = ["*"],
                    ExposeHeaders = ["ETag"],
                    MaxAgeSeconds = 600,
                },
            ],
        };

        var before = DateTimeOffset.UtcNow;
        var response = await _client.UpdateBucketAsync(new UpdateBucketRequest
        {
            BucketName = "e2e-update",
            AccessRules = new AccessRules { GetObject = AccessType.Public, AllowPublicOverrides = true },
            Versioning = "Enabled",
            ReadonlyAccessAccounts = ["111122223333", "444455556666"],
            AccessLogConfig = new BucketAccessLogConfig { Enabled = true, Destination = "e2e-update-logs", Prefix = "logs/" },
            Cors = cors,
        });
        var after = DateTimeOffset.UtcNow;

        Expect.Operation(Assert.Single(response.Operations!), OperationType.UpdateBucket, "e2e-update");
        Expect.Between(response.Operations![0].CreatedAt, before, after);
        foreach (var bucket in new[] { response.Bucket!, await GetAsync("e2e-update", includeCors: true) })
        {
            Assert.Equal(AccessType.Public, bucket.AccessRules!.GetObject);
            Assert.True(bucket.AccessRules.AllowPublicOverrides);
            Assert.Equal("Enabled", bucket.ObjectVersioning);
            Assert.Equal(["111122223333", "444455556666"], bucket.ReadonlyAccessAccounts!);
            Assert.True(bucket.AccessLogConfig!.Enabled);
            Assert.Equal("e2e-update-logs", bucket.AccessLogConfig.Destination);
            Assert.Equal("logs/", bucket.AccessLogConfig.Prefix);
            var rule = Assert.Single(bucket.Cors!.Rules!);
            Assert.Equal("web", rule.Id);
            Assert.Equal(["GET", "PUT"], rule.AllowedMethods!);
            Assert.Equal(["https://example.com"], rule.AllowedOrigins!);
            Assert.Equal(["*"], rule.AllowedHeaders!);
            Assert.Equal(["ETag"], rule.ExposeHeaders!);
            Assert.Equal(600, rule.MaxAgeSeconds);
        }

        // CORS is left out unless asked for.
        Assert.Null((await GetAsync("e2e-update")).Cors);

        // Members left out stay as they are; the others go back.
        var reverted = (await _client.UpdateBucketAsync(new UpdateBucketRequest
        {
            BucketName = "e2e-update",
            AccessRules = new AccessRules { GetObject = AccessType.Private },
            Versioning = "Suspended",
            ReadonlyAccessAccounts = [],
            AccessLogConfig = new BucketAccessLogConfig { Enabled = false },
            Cors = new BucketCorsConfig { Rules = [] },
        })).Bucket!;
        Assert.Equal(AccessType.Private, reverted.AccessRules!.GetObject);
        Assert.True(reverted.AccessRules.AllowPublicOverrides);
        Assert.Equal("Suspended", reverted.ObjectVersioning);
        Assert.Empty(reverted.ReadonlyAccessAccounts!);
        Assert.False(reverted.AccessLogConfig!.Enabled);
        Assert.Null(reverted.AccessLogConfig.Destination);
        Assert.Null((await GetAsync("e2e-update", includeCors: true)).Cors);
    }

    [Fact]
    public async Task UpdateBucket_keeps_versioning_never_enabled_when_suspended_and_refuses_bad_members()
    {
        await CreateAsync("e2e-update-refused");

        var suspended = await _client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "e2e-update-refused", Versioning = "Suspended" });
        Assert.Equal("NeverEnabled", suspended.Bucket!.ObjectVersioning);

        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "e2e-update-refused", Versioning = "Sometimes" }), "InvalidInput");
        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "e2e-update-refused", ReadonlyAccessAccounts = ["12345"] }), "InvalidInput");
        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "e2e-update-refused", ReadonlyAccessAccounts = [fixture.Server.AccountId] }), "InvalidInput");
        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "e2e-update-refused", AccessLogConfig = new BucketAccessLogConfig { Enabled = true } }), "InvalidInput");
        await Expect.ErrorAsync<NotFoundException>(
            () => _client.UpdateBucketAsync(new UpdateBucketRequest
            {
                BucketName = "e2e-update-refused",
                AccessLogConfig = new BucketAccessLogConfig { Enabled = true, Destination = "e2e-no-such-logs" },
            }),
            "DoesNotExist");
        await Expect.ErrorAsync<NotFoundException>(
            () => _client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "e2e-update-missing", Versioning = "Enabled" }), "DoesNotExist");

        // Nothing refused was written: only the first update is recorded.
        var operations = (await _client.GetOperationsForResourceAsync(new GetOperationsForResourceRequest { ResourceName = "e2e-update-refused" })).Operations!;
        Assert.Equal([OperationType.UpdateBucket, OperationType.CreateBucket], operations.Select(o => o.OperationType!.Value));
    }

    [Fact]
    public async Task GetBucketBundles_answers_the_three_plans_with_or_without_inactive_ones()
    {
        var active = await _client.GetBucketBundlesAsync(new GetBucketBundlesRequest());
        var all = await _client.GetBucketBundlesAsync(new GetBucketBundlesRequest { IncludeInactive = true });

        foreach (var response in new[] { active, all })
        {
            Assert.Equal(
                [("small_1_0", "Small", 1.0f, 5, 25), ("medium_1_0", "Medium", 3.0f, 100, 250), ("large_1_0", "Large", 5.0f, 250, 500)],
                response.Bundles!.Select(b => (b.BundleId!, b.Name!, b.Price!.Value, b.StoragePerMonthInGb!.Value, b.TransferPerMonthInGb!.Value)));
            Assert.All(response.Bundles!, b => Assert.True(b.IsActive));
        }
    }

    [Fact]
    public async Task GetBucketMetricData_answers_one_datapoint_at_the_start_of_the_current_period()
    {
        await CreateAsync("e2e-metrics");
        var before = DateTimeOffset.UtcNow;
        var response = await _client.GetBucketMetricDataAsync(new GetBucketMetricDataRequest
        {
            BucketName = "e2e-metrics",
            MetricName = BucketMetricName.NumberOfObjects,
            StartTime = before.AddDays(-1),
            EndTime = before.AddDays(1),
            Period = 3600,
            Statistics = [MetricStatistic.Sum, MetricStatistic.Average, MetricStatistic.Minimum, MetricStatistic.Maximum, MetricStatistic.SampleCount],
            Unit = MetricUnit.Count,
        });
        var after = DateTimeOffset.UtcNow;

        Assert.Equal(BucketMetricName.NumberOfObjects, response.MetricName);
        var point = Assert.Single(response.MetricData!);
        Assert.Contains(point.Timestamp!.Value, new[] { HourOf(before), HourOf(after) });
        Assert.Equal(MetricUnit.Count, point.Unit);
        Assert.Equal(0, point.Sum);
        Assert.Equal(0, point.Average);
        Assert.Equal(0, point.Minimum);
        Assert.Equal(0, point.Maximum);
        Assert.Equal(1, point.SampleCount);

        var size = await _client.GetBucketMetricDataAsync(new GetBucketMetricDataRequest
        {
            BucketName = "e2e-metrics",
            MetricName = BucketMetricName.BucketSizeBytes,
            StartTime = before.AddDays(-1),
            EndTime = before.AddDays(1),
            Period = 86400,
            Statistics = [MetricStatistic.Maximum],
            Unit = MetricUnit.Bytes,
        });
        var sizePoint = Assert.Single(size.MetricData!);
        Assert.Equal(BucketMetricName.BucketSizeBytes, size.MetricName);
        Assert.Equal(MetricUnit.Bytes, sizePoint.Unit);
        Assert.Equal(0, sizePoint.Maximum);
        Assert.Null(sizePoint.Sum);
        Assert.Null(sizePoint.SampleCount);

        // A window that ended yesterday holds no datapoint.
        var past = await _client.GetBucketMetricDataAsync(new GetBucketMetricDataRequest
        {
            BucketName = "e2e-metrics",
            MetricName = BucketMetricName.NumberOfObjects,
            StartTime = before.AddDays(-3),
            EndTime = before.AddDays(-2),
            Period = 3600,
            Statistics = [MetricStatistic.Sum],
            Unit = MetricUnit.Count,
        });
        Assert.Empty(past.MetricData!);

        await Expect.ErrorAsync<InvalidInputException>(
            () => _client.GetBucketMetricDataAsync(new GetBucketMetricDataRequest
            {
                BucketName = "e2e-metrics",
                MetricName = BucketMetricName.BucketSizeBytes,
                StartTime = before.AddDays(-1),
                EndTime = before,
                Period = 3600,
                Statistics = [MetricStatistic.Sum],
                Unit = MetricUnit.Count,
            }),
            "InvalidInput");
    }

    [Fact]
    public async Task SetResourceAccessForBucket_allows_and_denies_an_instance()
    {
        await CreateAsync("e2e-access");

        var allowed = await _client.SetResourceAccessForBucketAsync(new SetResourceAccessForBucketRequest
        {
            BucketName = "e2e-access",
            ResourceName = "web-1",
            Access = ResourceBucketAccess.Allow,
        });
        Expect.Operation(Assert.Single(allowed.Operations!), OperationType.SetResourceAccessForBucket, "e2e-access", details: "web-1");
        var receiving = Assert.Single((await GetAsync("e2e-access")).ResourcesReceivingAccess!);
        Assert.Equal("web-1", receiving.Name);
        Assert.Equal("Instance", receiving.ResourceType);

        var denied = await _client.SetResourceAccessForBucketAsync(new SetResourceAccessForBucketRequest
        {
            BucketName = "e2e-access",
            ResourceName = "web-1",
            Access = ResourceBucketAccess.Deny,
        });
        Expect.Operation(Assert.Single(denied.Operations!), OperationType.SetResourceAccessForBucket, "e2e-access", details: "web-1");
        Assert.Empty((await GetAsync("e2e-access")).ResourcesReceivingAccess!);

        await Expect.ErrorAsync<NotFoundException>(
            () => _client.SetResourceAccessForBucketAsync(new SetResourceAccessForBucketRequest
            {
                BucketName = "e2e-access-missing",
                ResourceName = "web-1",
                Access = ResourceBucketAccess.Allow,
            }),
            "DoesNotExist");
    }

    private static DateTimeOffset HourOf(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds() / 3600 * 3600);
}
