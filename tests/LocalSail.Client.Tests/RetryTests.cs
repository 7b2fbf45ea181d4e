using System.Net;
using LocalSail.Client.Errors;
using LocalSail.Lightsail.Model;

namespace LocalSail.Client.Tests;

public sealed class RetryTests
{
    private const string ServiceError = """{"__type":"ServiceException","message":"Try again."}""";

    [Fact]
    public async Task Retries_a_service_exception_with_growing_jittered_backoff_then_succeeds()
    {
        var delays = new List<TimeSpan>();
        var handler = new FakeHandler()
            .Respond(HttpStatusCode.InternalServerError, ServiceError)
            .Respond(HttpStatusCode.InternalServerError, ServiceError)
            .Respond(HttpStatusCode.OK, """{"buckets":[]}""");
        using var client = TestClients.Create(handler, delays);

        var response = await client.GetBucketsAsync(new GetBucketsRequest(), CancellationToken.None);

        Assert.Empty(response.Buckets!);
        Assert.Equal(3, handler.Requests.Count);
        // Jitter fixed at one half: half of 100 ms, then half of 200 ms.
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)], delays);
    }

    [Fact]
    public async Task Gives_up_after_the_last_attempt_with_the_service_exception()
    {
        var handler = new FakeHandler()
            .Respond(HttpStatusCode.InternalServerError, ServiceError)
            .Respond(HttpStatusCode.InternalServerError, ServiceError);
        using var client = TestClients.Create(handler, maxAttempts: 2);

        var error = await Assert.ThrowsAsync<ServiceException>(() => client.GetBucketsAsync(new GetBucketsRequest(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(2, error.Attempts);
        Assert.True(error.MaxAttemptsReached);
    }

    [Fact]
    public async Task Retries_throttling_but_no_other_client_error()
    {
        var handler = new FakeHandler()
            .Respond(HttpStatusCode.BadRequest, """{"__type":"ThrottlingException","message":"Slow down."}""")
            .Respond(HttpStatusCode.BadRequest, """{"__type":"InvalidInputException","message":"Bad name."}""");
        using var client = TestClients.Create(handler);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => client.GetBucketsAsync(new GetBucketsRequest(), CancellationToken.None));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(2, error.Attempts);
        Assert.False(error.MaxAttemptsReached);
    }

    [Fact]
    public async Task Signs_each_attempt_afresh()
    {
        var handler = new FakeHandler()
            .Respond(HttpStatusCode.ServiceUnavailable, ServiceError)
            .Respond(HttpStatusCode.OK, "{}");
        using var client = TestClients.Create(handler);

        await client.GetBucketBundlesAsync(new GetBucketBundlesRequest(), CancellationToken.None);

        Assert.All(handler.Requests, r => Assert.NotNull(r.Request.Headers.Authorization));
    }
}
