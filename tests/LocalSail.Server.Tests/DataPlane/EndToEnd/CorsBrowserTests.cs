using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.Tests.Operator.Console;
using Microsoft.Playwright;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>
/// A bucket's CORS rules as a real browser (headless Chromium) meets them: a script on a page of another origin
/// uploads with a presigned PUT and reads the object back with a presigned GET, both made by AWSSDK.S3; the same
/// script on an origin the rules do not allow is refused by the browser, and nothing is stored.
/// </summary>
public sealed class CorsBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // Uploads, then reads back; every failure is returned as text rather than thrown, so the test can say which step failed.
    private const string UploadAndReadBack = """
        async ([putUrl, getUrl, body]) => {
          const result = {};
          try {
            const put = await fetch(putUrl, { method: 'PUT', body, headers: { 'Content-Type': 'application/octet-stream' } });
            result.put = put.status;
            result.etag = put.headers.get('ETag');
          } catch (e) {
            result.put = 'refused: ' + e.name;
          }
          try {
            const got = await fetch(getUrl);
            result.get = got.status;
            result.text = await got.text();
          } catch (e) {
            result.get = 'refused: ' + e.name;
          }
          return result;
        }
        """;

    [Fact]
    public async Task A_page_of_an_allowed_origin_uploads_and_reads_back_and_one_of_another_origin_is_refused()
    {
        await using var server = await S3TestServer.StartAsync();
        await using var allowed = await CrossOriginPage.StartAsync();
        await using var other = await CrossOriginPage.StartAsync();
        var bucket = await server.CreateBucketAsync("browser");
        using var s3 = server.S3Client(await server.CreateKeyAsync(bucket));
        await server.Lightsail.CallOkAsync("UpdateBucket", JsonSerializer.Serialize(new
        {
            bucketName = bucket,
            cors = new
            {
                rules = new[]
                {
                    new { allowedOrigins = new[] { allowed.OriginText }, allowedMethods = new[] { "GET", "PUT" }, allowedHeaders = new[] { "content-type" }, exposeHeaders = new[] { "ETag" }, maxAgeSeconds = 60 },
                },
            },
        }));

        var fromAllowed = await RunAsync(allowed, s3, bucket, "from-allowed.txt", "written by a browser");
        Assert.Equal(200, fromAllowed.GetProperty("put").GetInt32());
        Assert.Equal(200, fromAllowed.GetProperty("get").GetInt32());
        Assert.Equal("written by a browser", fromAllowed.GetProperty("text").GetString());
        using (var stored = await s3.GetObjectAsync(bucket, "from-allowed.txt"))
        {
            Assert.Equal(stored.ETag, fromAllowed.GetProperty("etag").GetString());
            Assert.Equal("written by a browser", await new StreamReader(stored.ResponseStream).ReadToEndAsync());
        }

        var fromOther = await RunAsync(other, s3, bucket, "from-other.txt", "must not be stored");
        Assert.Equal("refused: TypeError", fromOther.GetProperty("put").GetString());
        Assert.Equal("refused: TypeError", fromOther.GetProperty("get").GetString());
        var missing = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "from-other.txt"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);

        // The other origin cannot read what the allowed one wrote either: the answer is sent, and the browser withholds it.
        var page = await chromium.NewPageAsync(other.Origin);
        await page.GotoAsync(other.Origin.ToString());
        var read = await page.EvaluateAsync<string>(
            "async (url) => { try { return String((await fetch(url)).status); } catch (e) { return 'refused: ' + e.name; } }",
            Presign(s3, bucket, "from-allowed.txt", HttpVerb.GET));
        Assert.Equal("refused: TypeError", read);
    }

    private async Task<JsonElement> RunAsync(CrossOriginPage origin, AmazonS3Client s3, string bucket, string key, string body)
    {
        var page = await chromium.NewPageAsync(origin.Origin);
        await page.GotoAsync(origin.Origin.ToString());
        return await page.EvaluateAsync<JsonElement>(UploadAndReadBack, new[] { Presign(s3, bucket, key, HttpVerb.PUT), Presign(s3, bucket, key, HttpVerb.GET), body });
    }

    private static string Presign(AmazonS3Client s3, string bucket, string key, HttpVerb verb) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = bucket,
        Key = key,
        Verb = verb,
        Protocol = Protocol.HTTP,
        Expires = DateTime.UtcNow.AddMinutes(10),
    });
}
