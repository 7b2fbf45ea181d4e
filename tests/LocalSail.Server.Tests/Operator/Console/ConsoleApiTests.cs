using System.Text.Json;
using LocalSail.Server.Operator.Console;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Operator.Console;

/// <summary>The console's API over plain HTTP: sessions, sign-in, the CSRF token, and what it refuses.</summary>
public sealed class ConsoleApiTests
{
    private const string ExplicitKeyId = "AKIAEXPLICITROOTKEY1";
    private const string ExplicitSecret = "an-explicit-root-secret-for-the-console";

    [Fact]
    public async Task On_loopback_with_the_development_credentials_a_session_starts_at_once_and_every_change_needs_its_token()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = new OperatorClient(server);

        var session = await client.GetAsync("/_localsail/console/api/session");
        Assert.Equal(200, session.Status);
        Assert.True(session.Json.GetProperty("authenticated").GetBoolean());
        Assert.False(session.Json.GetProperty("loginRequired").GetBoolean());
        var cookie = SessionCookie(session);
        var setCookie = session.Header("Set-Cookie")!.ToLowerInvariant();
        Assert.Contains("httponly", setCookie);
        Assert.Contains("samesite=strict", setCookie);
        Assert.Contains("path=/_localsail", setCookie);
        var csrf = session.Json.GetProperty("csrfToken").GetString()!;

        const string Path = "/_localsail/console/api/lightsail/CreateBucket";
        const string Body = """{"bucketName":"console-api","bundleId":"small_1_0"}""";
        var noToken = await client.SendAsync(HttpMethod.Post, Path, json: Body, headers: new Dictionary<string, string> { ["Cookie"] = cookie });
        Assert.Equal((401, "SessionRequired"), (noToken.Status, noToken.Error));
        var wrongToken = await client.SendAsync(HttpMethod.Post, Path, json: Body, headers: new Dictionary<string, string> { ["Cookie"] = cookie, [ConsoleSessions.CsrfHeader] = csrf + "x" });
        Assert.Equal(401, wrongToken.Status);
        var noCookie = await client.SendAsync(HttpMethod.Post, Path, json: Body, headers: new Dictionary<string, string> { [ConsoleSessions.CsrfHeader] = csrf });
        Assert.Equal(401, noCookie.Status);
        var crossSite = await client.SendAsync(HttpMethod.Post, Path, json: Body, headers: new Dictionary<string, string>
        {
            ["Cookie"] = cookie,
            [ConsoleSessions.CsrfHeader] = csrf,
            ["Sec-Fetch-Site"] = "cross-site",
        });
        Assert.Equal((403, "CrossSiteRequest"), (crossSite.Status, crossSite.Error));
        var form = await client.SendAsync(HttpMethod.Post, Path, json: Body, headers: new Dictionary<string, string>
        {
            ["Cookie"] = cookie,
            [ConsoleSessions.CsrfHeader] = csrf,
            ["Content-Type"] = "text/plain",
        });
        Assert.Equal(415, form.Status);
        using var lightsail = new LightsailCaller(server.Endpoint, server.RootCredentials);
        Assert.Equal(0, (await lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").GetArrayLength());

        var created = await client.SendAsync(HttpMethod.Post, Path, json: Body, headers: new Dictionary<string, string> { ["Cookie"] = cookie, [ConsoleSessions.CsrfHeader] = csrf });
        Assert.Equal(200, created.Status);
        Assert.Equal("CreateBucket", created.Json.GetProperty("operations")[0].GetProperty("operationType").GetString());
        var invalid = await client.SendAsync(HttpMethod.Post, Path, json: """{"bucketName":"x"}""", headers: new Dictionary<string, string> { ["Cookie"] = cookie, [ConsoleSessions.CsrfHeader] = csrf });
        Assert.Equal((400, "InvalidInputException"), (invalid.Status, invalid.Json.GetProperty("__type").GetString()));

        // The console resets with its session and token, and only with them.
        var resetWithoutToken = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", headers: new Dictionary<string, string> { ["Cookie"] = cookie });
        Assert.Equal(403, resetWithoutToken.Status);
        var reset = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", headers: new Dictionary<string, string> { ["Cookie"] = cookie, [ConsoleSessions.CsrfHeader] = csrf });
        Assert.Equal(200, reset.Status);
        Assert.Equal(1, reset.Json.GetProperty("buckets").GetInt32());
    }

    [Fact]
    public async Task With_explicit_credentials_the_console_asks_to_sign_in_and_signing_out_ends_the_session()
    {
        await using var server = await RunningServer.StartAsync(configure: o => { o.AccessKeyId = ExplicitKeyId; o.SecretAccessKey = ExplicitSecret; });
        using var client = new OperatorClient(server);

        var anonymous = await client.GetAsync("/_localsail/console/api/session");
        Assert.False(anonymous.Json.GetProperty("authenticated").GetBoolean());
        Assert.True(anonymous.Json.GetProperty("loginRequired").GetBoolean());
        Assert.False(anonymous.Json.TryGetProperty("csrfToken", out _));
        Assert.Null(anonymous.Header("Set-Cookie"));
        Assert.Equal(401, (await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/lightsail/GetBuckets", json: "{}")).Status);

        var wrong = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/login", json: JsonSerializer.Serialize(new { accessKeyId = ExplicitKeyId, secretAccessKey = ExplicitSecret + "!" }));
        Assert.Equal((401, "InvalidCredentials"), (wrong.Status, wrong.Error));
        Assert.Null(wrong.Header("Set-Cookie"));
        Assert.DoesNotContain(ExplicitSecret, wrong.Body);
        var crossSiteLogin = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/login", json: JsonSerializer.Serialize(new { accessKeyId = ExplicitKeyId, secretAccessKey = ExplicitSecret }),
            headers: new Dictionary<string, string> { ["Origin"] = "https://attacker.example" });
        Assert.Equal(403, crossSiteLogin.Status);

        var login = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/login", json: JsonSerializer.Serialize(new { accessKeyId = ExplicitKeyId, secretAccessKey = ExplicitSecret }));
        Assert.Equal(200, login.Status);
        Assert.Equal("123456789012".Length, login.Json.GetProperty("accountId").GetString()!.Length);
        Assert.DoesNotContain(ExplicitSecret, login.Body);
        var signedIn = new Dictionary<string, string> { ["Cookie"] = SessionCookie(login), [ConsoleSessions.CsrfHeader] = login.Json.GetProperty("csrfToken").GetString()! };
        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/lightsail/GetBuckets", json: "{}", headers: signedIn)).Status);

        Assert.Equal(200, (await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/logout", json: "{}", headers: signedIn)).Status);
        Assert.Equal(401, (await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/lightsail/GetBuckets", json: "{}", headers: signedIn)).Status);
    }

    [Fact]
    public async Task Presigned_URLs_let_the_console_upload_list_read_and_delete_over_the_S3_endpoint()
    {
        var (server, bucket, _, _) = await S3TestServer.StartWithBucketAsync("presign");
        await using (server)
        {
            using var client = new OperatorClient(server.Server);
            var session = await client.GetAsync("/_localsail/console/api/session");
            var headers = new Dictionary<string, string> { ["Cookie"] = SessionCookie(session), [ConsoleSessions.CsrfHeader] = session.Json.GetProperty("csrfToken").GetString()! };
            using var http = new HttpClient();
            async Task<(string Method, string Url)> Presign(object request)
            {
                var reply = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/presign", json: JsonSerializer.Serialize(request), headers: headers);
                Assert.True(reply.Status == 200, reply.ToString());
                Assert.Equal(300, reply.Json.GetProperty("expiresInSeconds").GetInt32());
                return (reply.Json.GetProperty("method").GetString()!, server.EndpointUrl + reply.Json.GetProperty("url").GetString());
            }

            const string Key = "reports/2026 März/data #1.txt";
            var put = await Presign(new { operation = "PutObject", bucket, key = Key });
            Assert.Equal("PUT", put.Method);
            Assert.DoesNotContain(server.Server.RootCredentials.SecretAccessKey, put.Url);
            using (var upload = await http.PutAsync(put.Url, new StringContent("hello from the console")))
            {
                Assert.Equal(200, (int)upload.StatusCode);
            }

            var list = await Presign(new { operation = "ListObjectsV2", bucket, prefix = "reports/", delimiter = "/" });
            Assert.Contains("<Prefix>reports/2026 März/</Prefix>", await http.GetStringAsync(list.Url));

            var get = await Presign(new { operation = "GetObject", bucket, key = Key, download = true });
            using (var download = await http.GetAsync(get.Url))
            {
                Assert.Equal("hello from the console", await download.Content.ReadAsStringAsync());
                Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
                Assert.Equal("data #1.txt", download.Content.Headers.ContentDisposition.FileNameStar);
            }

            var delete = await Presign(new { operation = "DeleteObject", bucket, key = Key });
            using (var deleted = await http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, delete.Url)))
            {
                Assert.Equal(204, (int)deleted.StatusCode);
            }

            var otherRegion = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/presign?region=eu-west-1", json: JsonSerializer.Serialize(new { operation = "GetObject", bucket, key = Key }), headers: headers);
            Assert.Equal((400, "InvalidInput"), (otherRegion.Status, otherRegion.Error));
            var notServed = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/presign", json: JsonSerializer.Serialize(new { operation = "PutBucketPolicy", bucket }), headers: headers);
            Assert.Equal(400, notServed.Status);
        }
    }

    /// <summary>The one console input that reaches the store before the S3 endpoint does: refused alike on each store.</summary>
    [Theory]
    [InlineData(StoreSetup.Embedded)]
    [InlineData(StoreSetup.Postgres)]
    public async Task A_presign_for_a_bucket_name_holding_the_null_character_is_invalid_input(StoreSetup setup)
    {
        await using var server = await S3TestServer.StartAsync(setup: setup);
        using var client = new OperatorClient(server.Server);
        var session = await client.GetAsync("/_localsail/console/api/session");
        var headers = new Dictionary<string, string> { ["Cookie"] = SessionCookie(session), [ConsoleSessions.CsrfHeader] = session.Json.GetProperty("csrfToken").GetString()! };

        var reply = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/presign", json: """{"operation":"GetObject","bucket":"b\u0000","key":"k"}""", headers: headers);

        Assert.Equal((400, "InvalidInput"), (reply.Status, reply.Error));
        Assert.Equal("The bucket name must not contain the null character (U+0000).", reply.Json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_operation_that_fails_unexpectedly_answers_a_service_error_in_plain_words_without_its_exception()
    {
        await using var server = await RunningServer.StartAsync(configureServices: FailingControlPlaneStore.Register);
        server.GetService<FailingControlPlaneStore>().Reset(failures: 1);
        using var client = new OperatorClient(server);
        var session = await client.GetAsync("/_localsail/console/api/session");
        var headers = new Dictionary<string, string> { ["Cookie"] = SessionCookie(session), [ConsoleSessions.CsrfHeader] = session.Json.GetProperty("csrfToken").GetString()! };

        var reply = await client.SendAsync(HttpMethod.Post, "/_localsail/console/api/lightsail/GetOperation", json: """{"operationId":"an-operation"}""", headers: headers);

        Assert.Equal(500, reply.Status);
        Assert.Equal("ServiceException", reply.Json.GetProperty("__type").GetString());
        Assert.StartsWith("The operation failed unexpectedly (request ", reply.Json.GetProperty("message").GetString());
        Assert.DoesNotContain("database is unavailable", reply.Body);
    }

    private static string SessionCookie(OperatorReply reply)
    {
        var setCookie = reply.Header("Set-Cookie");
        Assert.NotNull(setCookie);
        return setCookie.Split(';')[0];
    }
}
