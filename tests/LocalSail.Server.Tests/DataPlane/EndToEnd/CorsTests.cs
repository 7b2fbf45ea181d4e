using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// A bucket's CORS configuration over both APIs (AWSSDK.S3's Put/Get/DeleteBucketCors with the root key, Lightsail's
/// UpdateBucket and GetBuckets), and enforced on the S3 endpoint: preflights by raw HTTP, as a browser sends them
/// (no credentials), and the headers on actual answers.
/// </summary>
public sealed class CorsTests : IAsyncLifetime
{
    private const string App = "https://app.example.com";
    private static readonly string[] Vary = ["Origin", "Access-Control-Request-Headers", "Access-Control-Request-Method"];
    private S3TestServer _server = null!;
    private RawS3Client _raw = null!;
    private AmazonS3Client _root = null!;

    public async Task InitializeAsync()
    {
        _server = await S3TestServer.StartAsync();
        _raw = new RawS3Client(_server.Server.Endpoint);
        _root = _server.RootS3Client();
    }

    public async Task DisposeAsync()
    {
        _root.Dispose();
        _raw.Dispose();
        await _server.DisposeAsync();
    }

    private Credentials Root => _server.Server.RootCredentials;

    private string Url(string path) => _server.EndpointUrl + path;

    private Task<RawReply> PreflightAsync(string path, string? origin, string? method, string? headers = null)
    {
        var sent = new Dictionary<string, string>();
        if (origin is not null)
        {
            sent["Origin"] = origin;
        }

        if (method is not null)
        {
            sent["Access-Control-Request-Method"] = method;
        }

        if (headers is not null)
        {
            sent["Access-Control-Request-Headers"] = headers;
        }

        return _raw.SendAsync(HttpMethod.Options, Url(path), null, headers: sent);
    }

    private Task PutCorsAsync(string bucket, params CORSRule[] rules) =>
        _root.PutCORSConfigurationAsync(new PutCORSConfigurationRequest { BucketName = bucket, Configuration = new CORSConfiguration { Rules = [.. rules] } });

    private static CORSRule AppRule() => new()
    {
        Id = "app",
        AllowedOrigins = [App, "https://*.example.org"],
        AllowedMethods = ["GET", "PUT", "HEAD"],
        AllowedHeaders = ["content-type", "x-amz-*"],
        ExposeHeaders = ["ETag", "x-amz-version-id"],
        MaxAgeSeconds = 3000,
    };

    private static string XmlElement(RawReply reply, string name) =>
        System.Xml.Linq.XDocument.Parse(reply.Text).Root!.Element(name)?.Value ?? "(absent)";

    [Fact]
    public async Task The_S3_API_writes_reads_and_deletes_the_configuration_Lightsail_shows_and_the_other_way_round()
    {
        var bucket = await _server.CreateBucketAsync("cors-api");
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => _root.GetCORSConfigurationAsync(bucket));
        Assert.Equal(("NoSuchCORSConfiguration", 404), (missing.ErrorCode, (int)missing.StatusCode));
        var raw = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}?cors"), Root);
        Assert.Equal(bucket, XmlElement(raw, "BucketName"));

        await PutCorsAsync(bucket, AppRule(), new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"] });
        var read = (await _root.GetCORSConfigurationAsync(bucket)).Configuration.Rules;
        Assert.Equal(2, read.Count);
        Assert.Equal("app", read[0].Id);
        Assert.Equal([App, "https://*.example.org"], read[0].AllowedOrigins);
        Assert.Equal(["GET", "PUT", "HEAD"], read[0].AllowedMethods);
        Assert.Equal(["content-type", "x-amz-*"], read[0].AllowedHeaders);
        Assert.Equal(["ETag", "x-amz-version-id"], read[0].ExposeHeaders);
        Assert.Equal(3000, read[0].MaxAgeSeconds);
        Assert.Equal(["*"], read[1].AllowedOrigins);

        var lightsail = await _server.Lightsail.CallOkAsync("GetBuckets", JsonSerializer.Serialize(new { bucketName = bucket, includeCors = true }));
        var rules = lightsail.GetProperty("buckets")[0].GetProperty("cors").GetProperty("rules");
        Assert.Equal(2, rules.GetArrayLength());
        Assert.Equal("app", rules[0].GetProperty("id").GetString());
        Assert.Equal(3000, rules[0].GetProperty("maxAgeSeconds").GetInt32());
        Assert.Equal("x-amz-*", rules[0].GetProperty("allowedHeaders")[1].GetString());

        await _server.Lightsail.CallOkAsync("UpdateBucket", JsonSerializer.Serialize(new
        {
            bucketName = bucket,
            cors = new { rules = new[] { new { id = "from-lightsail", allowedMethods = new[] { "POST" }, allowedOrigins = new[] { "https://forms.example" } } } },
        }));
        var fromLightsail = Assert.Single((await _root.GetCORSConfigurationAsync(bucket)).Configuration.Rules);
        Assert.Equal(("from-lightsail", "POST", "https://forms.example"), (fromLightsail.Id, Assert.Single(fromLightsail.AllowedMethods), Assert.Single(fromLightsail.AllowedOrigins)));

        var deleted = await _root.DeleteCORSConfigurationAsync(bucket);
        Assert.Equal(204, (int)deleted.HttpStatusCode);
        Assert.Equal("NoSuchCORSConfiguration", (await Assert.ThrowsAsync<AmazonS3Exception>(() => _root.GetCORSConfigurationAsync(bucket))).ErrorCode);
        var afterDelete = await _server.Lightsail.CallOkAsync("GetBuckets", JsonSerializer.Serialize(new { bucketName = bucket, includeCors = true }));
        Assert.False(afterDelete.GetProperty("buckets")[0].TryGetProperty("cors", out _));
        Assert.Equal(204, (int)(await _root.DeleteCORSConfigurationAsync(bucket)).HttpStatusCode);
    }

    [Fact]
    public async Task A_bucket_key_gets_AccessDenied_for_the_configuration_and_nothing_changes()
    {
        var bucket = await _server.CreateBucketAsync("cors-key");
        using var keyed = _server.S3Client(await _server.CreateKeyAsync(bucket));
        await PutCorsAsync(bucket, AppRule());

        Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonS3Exception>(() => keyed.GetCORSConfigurationAsync(bucket))).ErrorCode);
        Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonS3Exception>(() => keyed.DeleteCORSConfigurationAsync(bucket))).ErrorCode);
        Assert.Equal("AccessDenied", (await Assert.ThrowsAsync<AmazonS3Exception>(() => keyed.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
        {
            BucketName = bucket,
            Configuration = new CORSConfiguration { Rules = [new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["DELETE"] }] },
        }))).ErrorCode);

        Assert.Equal("app", Assert.Single((await _root.GetCORSConfigurationAsync(bucket)).Configuration.Rules).Id);
    }

    [Fact]
    public async Task Invalid_configurations_are_refused_by_both_APIs_with_their_own_errors_and_nothing_is_stored()
    {
        var bucket = await _server.CreateBucketAsync("cors-invalid");
        await PutCorsAsync(bucket, AppRule());

        async Task<RawReply> PutRawAsync(string xml) =>
            await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}?cors"), Root, Encoding.UTF8.GetBytes(xml));

        var unsupported = await PutRawAsync("<CORSConfiguration><CORSRule><AllowedMethod>PATCH</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>");
        Assert.Equal((400, "InvalidRequest"), (unsupported.Status, unsupported.ErrorCode));
        Assert.Equal("Found unsupported HTTP method in CORS config. Unsupported method is PATCH", XmlElement(unsupported, "Message"));
        var wildcards = await PutRawAsync("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>http://*.*.com</AllowedOrigin></CORSRule></CORSConfiguration>");
        Assert.Equal("InvalidRequest", wildcards.ErrorCode);
        Assert.Equal("MalformedXML", (await PutRawAsync("<CORSConfiguration></CORSConfiguration>")).ErrorCode);
        Assert.Equal("MalformedXML", (await PutRawAsync("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule>")).ErrorCode);
        var rule = "<CORSRule><AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule>";
        var tooMany = await PutRawAsync("<CORSConfiguration>" + string.Concat(Enumerable.Repeat(rule, 21)) + "</CORSConfiguration>");
        Assert.Equal("InvalidRequest", tooMany.ErrorCode);
        Assert.Contains("at most 20 rules", XmlElement(tooMany, "Message"));
        Assert.Equal(200, (await PutRawAsync("<CORSConfiguration>" + string.Concat(Enumerable.Repeat(rule, 20)) + "</CORSConfiguration>")).Status);
        await PutCorsAsync(bucket, AppRule());

        var largeOrigins = Enumerable.Range(0, 1500).Select(i => $"https://site-{i}.example.com/{new string('p', 20)}").ToArray();
        var large = await _server.Lightsail.CallAsync("UpdateBucket", JsonSerializer.Serialize(new
        {
            bucketName = bucket,
            cors = new { rules = new[] { new { allowedMethods = new[] { "GET" }, allowedOrigins = largeOrigins } } },
        }));
        Assert.Equal((400, "InvalidInputException"), (large.Status, large.ErrorType));
        Assert.Contains("64 KB", large.Json.GetProperty("message").GetString());
        var twoWildcards = await _server.Lightsail.CallAsync("UpdateBucket", JsonSerializer.Serialize(new
        {
            bucketName = bucket,
            cors = new { rules = new[] { new { allowedMethods = new[] { "GET" }, allowedOrigins = new[] { "*" }, allowedHeaders = new[] { "x-*-*" } } } },
        }));
        Assert.Equal("InvalidInputException", twoWildcards.ErrorType);
        Assert.Contains("can not have more than one wildcard", twoWildcards.Json.GetProperty("message").GetString());

        Assert.Equal("app", Assert.Single((await _root.GetCORSConfigurationAsync(bucket)).Configuration.Rules).Id);
    }

    [Fact]
    public async Task A_preflight_is_answered_without_credentials_from_the_first_matching_rule()
    {
        var bucket = await _server.CreateBucketAsync("cors-preflight");
        await PutCorsAsync(bucket, AppRule(), new CORSRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"] });

        var put = await PreflightAsync($"/{bucket}/photo.jpg", App, "PUT", "Content-Type, X-Amz-Date");
        Assert.Equal(200, put.Status);
        Assert.Empty(put.Body);
        Assert.Equal("0", put.Header("Content-Length"));
        Assert.Equal(App, put.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", put.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("GET, PUT, HEAD", put.Header("Access-Control-Allow-Methods"));
        Assert.Equal("content-type, x-amz-date", put.Header("Access-Control-Allow-Headers"));
        Assert.Equal("ETag, x-amz-version-id", put.Header("Access-Control-Expose-Headers"));
        Assert.Equal("3000", put.Header("Access-Control-Max-Age"));
        Assert.Equal(Vary, put.Response.Headers.Vary);
        Assert.NotNull(put.Header("x-amz-request-id"));

        var wildcardOrigin = await PreflightAsync($"/{bucket}/photo.jpg", "https://shop.example.org", "HEAD");
        Assert.Equal("https://shop.example.org", wildcardOrigin.Header("Access-Control-Allow-Origin"));

        // The second rule: any origin may GET, answered with "*" and without credentials.
        var anyone = await PreflightAsync($"/{bucket}", "http://elsewhere.test", "GET");
        Assert.Equal(200, anyone.Status);
        Assert.Equal("*", anyone.Header("Access-Control-Allow-Origin"));
        Assert.Null(anyone.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("GET", anyone.Header("Access-Control-Allow-Methods"));
        Assert.Null(anyone.Header("Access-Control-Max-Age"));
    }

    [Fact]
    public async Task A_preflight_no_rule_allows_is_refused_as_S3_refuses_it()
    {
        var bucket = await _server.CreateBucketAsync("cors-refused");
        var noRules = await PreflightAsync($"/{bucket}/k", App, "PUT");
        Assert.Equal((403, "AccessForbidden"), (noRules.Status, noRules.ErrorCode));
        Assert.Equal("CORSResponse: CORS is not enabled for this bucket.", XmlElement(noRules, "Message"));
        Assert.Equal(("PUT", "BUCKET"), (XmlElement(noRules, "Method"), XmlElement(noRules, "ResourceType")));
        Assert.Equal("(absent)", XmlElement(noRules, "Resource"));
        Assert.Equal(noRules.Header("x-amz-request-id"), XmlElement(noRules, "RequestId"));

        await PutCorsAsync(bucket, AppRule());
        foreach (var (origin, method, headers) in new[] { ("https://evil.example", "PUT", (string?)null), (App, "DELETE", null), (App, "PUT", "authorization"), ("https://example.org", "GET", null) })
        {
            var refused = await PreflightAsync($"/{bucket}/k", origin, method, headers);
            Assert.Equal((403, "AccessForbidden"), (refused.Status, refused.ErrorCode));
            Assert.StartsWith("CORSResponse: This CORS request is not allowed.", XmlElement(refused, "Message"));
            Assert.Equal((method, "OBJECT"), (XmlElement(refused, "Method"), XmlElement(refused, "ResourceType")));
            Assert.Null(refused.Header("Access-Control-Allow-Origin"));
        }

        Assert.Equal("BUCKET", XmlElement(await PreflightAsync($"/{bucket}", "https://evil.example", "GET"), "ResourceType"));

        var withoutOrigin = await PreflightAsync($"/{bucket}/k", null, "PUT");
        Assert.Equal((400, "BadRequest"), (withoutOrigin.Status, withoutOrigin.ErrorCode));
        Assert.Equal("Insufficient information. Origin request header needed.", XmlElement(withoutOrigin, "Message"));

        var noBucket = await PreflightAsync("/no-such-cors-bucket/k", App, null);
        Assert.Equal((403, "AccessForbidden"), (noBucket.Status, noBucket.ErrorCode));
        Assert.Equal(("CORSResponse: Bucket not found", "OPTIONS"), (XmlElement(noBucket, "Message"), XmlElement(noBucket, "Method")));
    }

    [Fact]
    public async Task Actual_answers_carry_the_matching_rule_headers_success_and_error_alike_and_only_for_an_origin_it_allows()
    {
        var bucket = await _server.CreateBucketAsync("cors-actual");
        Assert.Equal(200, (await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/k"), Root, "hello"u8.ToArray())).Status);
        var origin = new Dictionary<string, string> { ["Origin"] = App };

        // No rules yet: an Origin changes nothing.
        var beforeRules = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), Root, headers: origin);
        Assert.Equal(200, beforeRules.Status);
        Assert.DoesNotContain(beforeRules.Response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.Ordinal) || h.Key == "Vary");

        // Changing the rules takes effect on the very next request.
        await PutCorsAsync(bucket, AppRule());
        var get = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), Root, headers: origin);
        Assert.Equal(("hello", App, "true"), (get.Text, get.Header("Access-Control-Allow-Origin"), get.Header("Access-Control-Allow-Credentials")));
        Assert.Equal("GET, PUT, HEAD", get.Header("Access-Control-Allow-Methods"));
        Assert.Equal("ETag, x-amz-version-id", get.Header("Access-Control-Expose-Headers"));
        Assert.Equal(Vary, get.Response.Headers.Vary);

        var head = await _raw.SendAsync(HttpMethod.Head, Url($"/{bucket}/k"), Root, headers: origin);
        Assert.Equal(App, head.Header("Access-Control-Allow-Origin"));
        var put = await _raw.SendAsync(HttpMethod.Put, Url($"/{bucket}/k2"), Root, "x"u8.ToArray(), headers: origin);
        Assert.Equal((200, App), (put.Status, put.Header("Access-Control-Allow-Origin")));

        var notFound = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/missing"), Root, headers: origin);
        Assert.Equal(("NoSuchKey", App), (notFound.ErrorCode, notFound.Header("Access-Control-Allow-Origin")));
        var anonymous = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), null, headers: origin);
        Assert.Equal(("AccessDenied", App), (anonymous.ErrorCode, anonymous.Header("Access-Control-Allow-Origin")));

        // DELETE is not in the rule, and neither is this origin: answered as always, without CORS headers.
        var delete = await _raw.SendAsync(HttpMethod.Delete, Url($"/{bucket}/k2"), Root, headers: origin);
        Assert.Equal(204, delete.Status);
        Assert.Null(delete.Header("Access-Control-Allow-Origin"));
        var otherOrigin = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), Root, headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example" });
        Assert.Equal(("hello", null, null), (otherOrigin.Text, otherOrigin.Header("Access-Control-Allow-Origin"), otherOrigin.Header("Vary")));
        var noOrigin = await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), Root);
        Assert.DoesNotContain(noOrigin.Response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.Ordinal) || h.Key == "Vary");

        // Deleted through Lightsail: the next request carries no CORS headers.
        await _server.Lightsail.CallOkAsync("UpdateBucket", JsonSerializer.Serialize(new { bucketName = bucket, cors = new { rules = Array.Empty<object>() } }));
        Assert.Null((await _raw.SendAsync(HttpMethod.Get, Url($"/{bucket}/k"), Root, headers: origin)).Header("Access-Control-Allow-Origin"));
        Assert.Equal("CORSResponse: CORS is not enabled for this bucket.", XmlElement(await PreflightAsync($"/{bucket}/k", App, "GET"), "Message"));
    }
}
