using System.Net.Http.Headers;
using System.Text;
using LocalSail.Server.Authentication;
using LocalSail.Server.Hosting;
using LocalSail.Server.Tests.ControlPlane.Protocol;
using LocalSail.Signing;
using LocalSail.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Tests.ControlPlane;

/// <summary>Every bad request gets a clear error in the Lightsail JSON shape: never a stack trace, never a 500.</summary>
public sealed class LightsailEndpointTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Now);
    private readonly RecordingLoggerProvider _logs = new();
    private RunningServer _server = null!;
    private LightsailCaller _caller = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync(
            configure: o => o.InMemory = true,
            configureServices: services => services.AddSingleton<TimeProvider>(_clock),
            configureLogging: logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        _caller = new LightsailCaller(_server.Endpoint, _server.RootCredentials, clock: _clock);
    }

    public async Task DisposeAsync()
    {
        _caller.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_success_is_json_1_1_with_a_request_id()
    {
        var reply = await _caller.CallAsync("GetBucketBundles");
        Assert.Equal(200, reply.Status);
        Assert.True(Guid.TryParse(reply.Headers.GetValues("x-amzn-RequestId").Single(), out _));
        Assert.Equal(3, reply.Json.GetProperty("bundles").GetArrayLength());
    }

    /// <summary>An access key never used says so as the service does: <c>lastUsedDate</c> written as null, region and service N/A.</summary>
    [Fact]
    public async Task An_unused_access_key_has_a_null_last_used_date()
    {
        await _caller.CallOkAsync("CreateBucket", """{"bucketName":"never-used","bundleId":"small_1_0"}""");
        await _caller.CallOkAsync("CreateBucketAccessKey", """{"bucketName":"never-used"}""");

        var keys = await _caller.CallOkAsync("GetBucketAccessKeys", """{"bucketName":"never-used"}""");

        var lastUsed = Assert.Single(keys.GetProperty("accessKeys").EnumerateArray()).GetProperty("lastUsed");
        Assert.Equal("""{"lastUsedDate":null,"region":"N/A","serviceName":"N/A"}""", lastUsed.GetRawText());
    }

    [Theory]
    [InlineData("NoSuchOperation", "{}", "UnknownOperationException")]
    [InlineData("CreateBucket", "{not json", "SerializationException")]
    [InlineData("CreateBucket", "[1,2]", "SerializationException")]
    [InlineData("CreateBucket", """{"bucketName":7,"bundleId":"small_1_0"}""", "InvalidInputException")]
    [InlineData("CreateBucket", """{"bucketName":"ok-name"}""", "InvalidInputException")]
    [InlineData("GetBuckets", """{"pageToken":"forged"}""", "InvalidInputException")]
    [InlineData("GetOperation", """{"operationId":"00000000-0000-0000-0000-000000000000"}""", "NotFoundException")]
    public async Task Bad_input_is_a_client_error_in_the_lightsail_shape(string operation, string body, string expectedType)
    {
        var reply = await _caller.CallAsync(operation, body);
        AssertLightsailError(reply, 400, expectedType);
    }

    [Fact]
    public async Task A_wrong_member_type_names_the_member()
    {
        var reply = await _caller.CallAsync("CreateBucket", """{"bucketName":"b-1","bundleId":"small_1_0","enableObjectVersioning":"true"}""");
        AssertLightsailError(reply, 400, "InvalidInputException");
        Assert.Contains("enableObjectVersioning", reply.Json.GetProperty("message").GetString());
    }

    /// <summary>
    /// A timestamp is read once, by the model's converter, for validation and for the request alike: one
    /// before the year 1 or after 9999 is a member of the wrong type, not an exception (a 500).
    /// </summary>
    [Theory]
    [InlineData("-100000000000")]
    [InlineData("300000000000")]
    [InlineData("1e300")]
    [InlineData("\"0001-01-01T00:00:00+01:00\"")]
    public async Task A_timestamp_outside_the_calendar_names_the_member(string startTime)
    {
        var reply = await _caller.CallAsync(
            "GetBucketMetricData",
            $$"""{"bucketName":"b-1","metricName":"NumberOfObjects","startTime":{{startTime}},"endTime":1700000000,"period":3600,"statistics":["Sum"],"unit":"Count"}""");

        AssertLightsailError(reply, 400, "InvalidInputException");
        Assert.Contains("at 'startTime' failed to satisfy constraint: Member must be a timestamp", reply.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        var reply = await _caller.CallAsync("CreateBucket", $$"""{"bucketName":"b-1","bundleId":"{{new string('x', 2 * 1024 * 1024)}}"}""");
        AssertLightsailError(reply, 400, "InvalidInputException");
        Assert.Contains("larger than", reply.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Without_a_target_a_post_is_not_the_lightsail_api_but_S3s()
    {
        var reply = await _caller.CallAsync("GetBuckets", tamper: request => request.Headers.Remove("X-Amz-Target"));
        Assert.Equal(405, reply.Status);
        Assert.Equal("MethodNotAllowed", System.Xml.Linq.XDocument.Parse(reply.Body).Root?.Element("Code")?.Value);
    }

    [Fact]
    public async Task A_malformed_target_is_refused()
    {
        var reply = await _caller.CallAsync("GetBuckets", tamper: request =>
        {
            request.Headers.Remove("X-Amz-Target");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "Lightsail.GetBuckets");
        });
        AssertLightsailError(reply, 400, "UnknownOperationException");
    }

    [Fact]
    public async Task An_unsigned_request_is_unauthenticated()
    {
        var reply = await _caller.CallAsync("GetBuckets", tamper: request => request.Headers.Authorization = null);
        AssertLightsailError(reply, 400, "UnauthenticatedException");
    }

    [Fact]
    public async Task A_tampered_body_fails_the_signature()
    {
        var reply = await _caller.CallAsync("GetBuckets", tamper: request =>
        {
            request.Content = new StringContent("""{"bucketName":"other-bucket"}""", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        });
        AssertLightsailError(reply, 400, "UnauthenticatedException");
        Assert.Contains("signature", reply.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_wrong_secret_fails_the_signature()
    {
        using var impostor = new LightsailCaller(_server.Endpoint, new Credentials(_server.RootCredentials.AccessKeyId, "not-the-secret-at-all-0000000000000000000"), clock: _clock);
        AssertLightsailError(await impostor.CallAsync("GetBuckets"), 400, "UnauthenticatedException");
    }

    [Fact]
    public async Task An_unknown_key_is_unauthenticated()
    {
        using var stranger = new LightsailCaller(_server.Endpoint, new Credentials("AKIAUNKNOWNUNKNOWN00", "whatever-secret-0000000000000000000000000"), clock: _clock);
        AssertLightsailError(await stranger.CallAsync("GetBuckets"), 400, "UnauthenticatedException");
    }

    [Fact]
    public async Task A_request_more_than_fifteen_minutes_off_the_server_clock_is_refused()
    {
        using var early = new LightsailCaller(_server.Endpoint, _server.RootCredentials, clock: new ManualClock(Now - TimeSpan.FromMinutes(16)));
        using var late = new LightsailCaller(_server.Endpoint, _server.RootCredentials, clock: new ManualClock(Now + TimeSpan.FromMinutes(16)));
        using var withinSkew = new LightsailCaller(_server.Endpoint, _server.RootCredentials, clock: new ManualClock(Now - TimeSpan.FromMinutes(14)));

        AssertLightsailError(await early.CallAsync("GetBuckets"), 400, "UnauthenticatedException");
        AssertLightsailError(await late.CallAsync("GetBuckets"), 400, "UnauthenticatedException");
        Assert.Equal(200, (await withinSkew.CallAsync("GetBuckets")).Status);
    }

    [Theory]
    [InlineData("mars-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("")]
    public async Task A_request_signed_for_a_region_Lightsail_does_not_have_is_refused_naming_the_valid_ones(string region)
    {
        using var elsewhere = new LightsailCaller(_server.Endpoint, _server.RootCredentials, region: region, clock: _clock);

        var reply = await elsewhere.CallAsync("CreateBucket", """{"bucketName":"far-away","bundleId":"small_1_0"}""");

        if (region.Length == 0)
        {
            AssertLightsailError(reply, 400, "UnauthenticatedException");
            return;
        }

        AssertLightsailError(reply, 400, "InvalidInputException");
        var message = reply.Json.GetProperty("message").GetString()!;
        Assert.Contains($"'{region}'", message);
        Assert.Contains("us-east-1", message);
        Assert.Contains("ap-southeast-5", message);
        AssertLightsailError(await _caller.CallAsync("GetBuckets", """{"bucketName":"far-away"}"""), 400, "NotFoundException");
    }

    [Fact]
    public async Task A_request_signed_for_another_Lightsail_region_works_there()
    {
        using var ireland = new LightsailCaller(_server.Endpoint, _server.RootCredentials, region: "eu-west-1", clock: _clock);
        var created = await ireland.CallOkAsync("CreateBucket", """{"bucketName":"in-ireland","bundleId":"small_1_0"}""");
        Assert.Equal("eu-west-1", created.GetProperty("bucket").GetProperty("location").GetProperty("regionName").GetString());
    }

    [Fact]
    public async Task A_bucket_access_key_is_denied_the_lightsail_api_and_its_secret_never_reaches_a_log()
    {
        await _caller.CallOkAsync("CreateBucket", """{"bucketName":"keyed-bucket","bundleId":"small_1_0"}""");
        var key = (await _caller.CallOkAsync("CreateBucketAccessKey", """{"bucketName":"keyed-bucket"}""")).GetProperty("accessKey");
        var secret = key.GetProperty("secretAccessKey").GetString()!;

        using var asBucketKey = new LightsailCaller(_server.Endpoint, new Credentials(key.GetProperty("accessKeyId").GetString()!, secret), clock: _clock);
        var reply = await asBucketKey.CallAsync("GetBuckets");
        AssertLightsailError(reply, 400, "AccessDeniedException");
        Assert.DoesNotContain(secret, reply.Body);

        var listed = await _caller.CallAsync("GetBucketAccessKeys", """{"bucketName":"keyed-bucket"}""");
        Assert.DoesNotContain(secret, listed.Body);
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_get_with_a_target_is_not_the_lightsail_api_but_S3s()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Lightsail_20161128.GetBuckets");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal("AccessDenied", System.Xml.Linq.XDocument.Parse(body).Root?.Element("Code")?.Value);
        Assert.False(response.Headers.Contains("x-amzn-ErrorType"));
    }

    public static TheoryData<string, string, string> TextThatIsNotText()
    {
        // Every string member of every operation, each with bytes that are not UTF-8, an overlong form, a
        // surrogate encoded as UTF-8 and an escaped lone surrogate.
        var data = new TheoryData<string, string, string>();
        var requests = typeof(LocalSail.Lightsail.Model.Shapes.LightsailShapes).GetFields()
            .Select(field => field.GetValue(null))
            .OfType<LocalSail.Lightsail.Model.Shapes.Shape>()
            .Where(shape => shape.Type == LocalSail.Lightsail.Model.Shapes.ShapeType.Structure)
            .Where(shape => LightsailOperationTableTests.ClaimedOperations.Contains(shape.Name.Replace("Request", string.Empty, StringComparison.Ordinal)));
        foreach (var request in requests.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            foreach (var member in request.Members.Where(m => m.Shape.Type == LocalSail.Lightsail.Model.Shapes.ShapeType.String))
            {
                foreach (var bad in new[] { "ff fe", "c0 af", "ed a0 80", "5c 75 64 38 30 30" })
                {
                    data.Add(request.Name.Replace("Request", string.Empty, StringComparison.Ordinal), member.Name, bad);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TextThatIsNotText))]
    public async Task A_string_member_that_is_not_text_is_a_serialization_error(string operation, string member, string badBytes)
    {
        var bad = Convert.FromHexString(badBytes.Replace(" ", string.Empty, StringComparison.Ordinal));
        var body = Encoding.UTF8.GetBytes($"{{\"{member}\":\"a").Concat(bad).Concat(Encoding.UTF8.GetBytes("b\"}")).ToArray();

        var reply = await _caller.CallAsync(operation, body);

        AssertLightsailError(reply, 400, "SerializationException");
    }

    [Fact]
    public async Task A_member_name_that_is_not_text_is_a_serialization_error()
    {
        var reply = await _caller.CallAsync("GetBuckets", Encoding.UTF8.GetBytes("""{"bucket\udc00Name":"x"}"""));
        AssertLightsailError(reply, 400, "SerializationException");
    }

    [Fact]
    public async Task Text_with_a_surrogate_pair_is_text()
    {
        var reply = await _caller.CallAsync("GetBuckets", Encoding.UTF8.GetBytes("""{"bucketName":"\ud83d\ude00"}"""));
        AssertLightsailError(reply, 400, "InvalidInputException");
    }

    private static void AssertLightsailError(LightsailReply reply, int status, string type)
    {
        Assert.True(reply.Status == status, $"expected {status}, got {reply.Status}: {reply.Body}");
        Assert.Equal(type, reply.ErrorType);
        Assert.Equal(type, reply.Headers.GetValues("x-amzn-ErrorType").Single());
        var json = reply.Json;
        Assert.False(string.IsNullOrEmpty(json.GetProperty("message").GetString()));
        Assert.True(json.TryGetProperty("code", out _));
        Assert.True(json.TryGetProperty("docs", out _));
        Assert.DoesNotContain("   at ", reply.Body); // no stack trace
        Assert.True(reply.Headers.Contains("x-amzn-RequestId"));
    }
}
