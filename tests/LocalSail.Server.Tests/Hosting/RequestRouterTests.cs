using Amazon.S3.Model;
using LocalSail.Server.Tests.DataPlane.EndToEnd;

namespace LocalSail.Server.Tests.Hosting;

/// <summary>Which API answers a request: only a <c>POST /</c> with an <c>X-Amz-Target</c> is Lightsail's.</summary>
public sealed class RequestRouterTests
{
    [Fact]
    public async Task An_object_uploaded_with_the_Lightsail_content_type_is_stored_and_read_back_over_S3()
    {
        var (server, bucket, _, s3) = await S3TestServer.StartWithBucketAsync("route");
        await using (server)
        using (s3)
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = "document.json",
                ContentBody = """{"bucketName":"not-a-lightsail-call"}""",
                ContentType = "application/x-amz-json-1.1",
            });

            using var read = await s3.GetObjectAsync(bucket, "document.json");
            using var reader = new StreamReader(read.ResponseStream);
            Assert.Equal("""{"bucketName":"not-a-lightsail-call"}""", await reader.ReadToEndAsync());
            Assert.Equal("application/x-amz-json-1.1", read.Headers.ContentType);
        }
    }
}
