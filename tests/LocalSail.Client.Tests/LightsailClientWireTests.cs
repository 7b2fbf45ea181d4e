using System.Net;
using System.Text.Json;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests;

public sealed class LightsailClientWireTests
{
    [Fact]
    public async Task Sends_a_signed_json_1_1_request_and_reads_the_typed_response()
    {
        var handler = new FakeHandler().Respond(HttpStatusCode.OK, """
            {"accessKey":{"accessKeyId":"AKIAABCDEFGHIJKLMNOP","secretAccessKey":"s3cr3t","status":"Active","createdAt":1700000000.5},
             "operations":[{"id":"op-1","operationType":"CreateBucketAccessKey","status":"Succeeded","isTerminal":true,"createdAt":1700000000}]}
            """, requestId: "req-42");
        using var client = TestClients.Create(handler);

        var response = await client.CreateBucketAccessKeyAsync(new CreateBucketAccessKeyRequest { BucketName = "my-bucket" }, CancellationToken.None);

        var (request, body) = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/", request.RequestUri!.AbsolutePath);
        Assert.Equal("Lightsail_20161128.CreateBucketAccessKey", request.Headers.GetValues("X-Amz-Target").Single());
        Assert.Equal("application/x-amz-json-1.1", request.Content!.Headers.ContentType!.ToString());
        Assert.Equal("""{"bucketName":"my-bucket"}""", body);
        var authorization = request.Headers.Authorization!.ToString();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE0000000000/", authorization, StringComparison.Ordinal);
        Assert.Contains("/us-east-1/lightsail/aws4_request", authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-target", authorization, StringComparison.Ordinal);

        Assert.Equal("AKIAABCDEFGHIJKLMNOP", response.AccessKey!.AccessKeyId);
        Assert.Equal(StatusType.Active, response.AccessKey.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), response.AccessKey.CreatedAt);
        var operation = Assert.Single(response.Operations!);
        Assert.Equal(OperationType.CreateBucketAccessKey, operation.OperationType);
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.True(operation.IsTerminal);
        Assert.Equal("req-42", response.RequestId);
    }

    [Fact]
    public async Task Leaves_unset_members_out_of_the_request_and_sends_timestamps_as_epoch_seconds()
    {
        var handler = new FakeHandler().Respond(HttpStatusCode.OK, "{}");
        using var client = TestClients.Create(handler);

        await client.GetBucketMetricDataAsync(
            new GetBucketMetricDataRequest
            {
                BucketName = "my-bucket",
                MetricName = BucketMetricName.NumberOfObjects,
                StartTime = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
                EndTime = DateTimeOffset.FromUnixTimeMilliseconds(1_700_003_600_250),
                Period = 3600,
                Statistics = [MetricStatistic.Sum],
                Unit = MetricUnit.BytesSecond,
            },
            CancellationToken.None);

        using var sent = JsonDocument.Parse(handler.Requests[0].Body);
        Assert.Equal(1_700_000_000m, sent.RootElement.GetProperty("startTime").GetDecimal());
        Assert.Equal(1_700_003_600.25m, sent.RootElement.GetProperty("endTime").GetDecimal());
        Assert.Equal("Bytes/Second", sent.RootElement.GetProperty("unit").GetString());
        Assert.Equal("NumberOfObjects", sent.RootElement.GetProperty("metricName").GetString());
        Assert.Equal(7, sent.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public async Task Reads_an_enum_value_it_does_not_know_as_unrecognized()
    {
        var handler = new FakeHandler().Respond(HttpStatusCode.OK, """{"accessKeys":[{"accessKeyId":"AKIAABCDEFGHIJKLMNOP","status":"Suspended"}]}""");
        using var client = TestClients.Create(handler);

        var response = await client.GetBucketAccessKeysAsync(new GetBucketAccessKeysRequest { BucketName = "my-bucket" }, CancellationToken.None);

        Assert.Equal(StatusType.Unrecognized, Assert.Single(response.AccessKeys!).Status);
    }

    [Fact]
    public async Task Sends_an_enum_value_it_does_not_know_back_as_it_came()
    {
        // A service newer than this model may answer a value the model does not list; writing the rules back
        // unchanged must not lose it (nor fail).
        var handler = new FakeHandler()
            .Respond(HttpStatusCode.OK, """{"buckets":[{"name":"my-bucket","accessRules":{"getObject":"authenticated-read","allowPublicOverrides":false}}]}""")
            .Respond(HttpStatusCode.OK, "{}");
        using var client = TestClients.Create(handler);

        var bucket = Assert.Single((await client.GetBucketsAsync(new GetBucketsRequest { BucketName = "my-bucket" }, CancellationToken.None)).Buckets!);
        await client.UpdateBucketAsync(new UpdateBucketRequest { BucketName = "my-bucket", AccessRules = bucket.AccessRules }, CancellationToken.None);

        Assert.Equal(AccessType.Unrecognized, bucket.AccessRules!.GetObject);
        Assert.Equal("""{"bucketName":"my-bucket","accessRules":{"getObject":"authenticated-read","allowPublicOverrides":false}}""", handler.Requests[1].Body);
    }
}
