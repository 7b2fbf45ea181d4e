using System.Text.Json;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Signing;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Operator;

/// <summary>POST /_localsail/reset empties the store, for the account's root signature only.</summary>
public sealed class ResetTests
{
    [Fact]
    public async Task A_reset_signed_with_the_root_key_removes_every_bucket_key_object_and_operation_in_every_region()
    {
        var (server, bucket, key, _) = await S3TestServer.StartWithBucketAsync("reset");
        await using (server)
        {
            using var client = new OperatorClient(server.Server);
            using var raw = new RawS3Client(server.Server.Endpoint);
            using var west = new LightsailCaller(server.Server.Endpoint, server.Server.RootCredentials, "us-west-2");
            await west.CallOkAsync("CreateBucket", """{"bucketName":"reset-west","bundleId":"small_1_0"}""");
            await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/{bucket}/one", key, new byte[10]);
            await raw.SendAsync(HttpMethod.Put, $"{server.EndpointUrl}/{bucket}/two", key, new byte[100_000]);

            var reply = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", signWith: server.Server.RootCredentials);

            Assert.Equal(200, reply.Status);
            Assert.Equal((2, 1, 2), (reply.Json.GetProperty("buckets").GetInt32(), reply.Json.GetProperty("accessKeys").GetInt32(), reply.Json.GetProperty("objects").GetInt32()));
            Assert.True(reply.Json.GetProperty("operations").GetInt32() >= 3);
            Assert.Equal(0, (await server.Lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").GetArrayLength());
            Assert.Equal(0, (await west.CallOkAsync("GetBuckets")).GetProperty("buckets").GetArrayLength());
            Assert.Equal(0, (await server.Lightsail.CallOkAsync("GetOperations")).GetProperty("operations").GetArrayLength());
            Assert.Equal("InvalidAccessKeyId", (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/{bucket}/one", key)).ErrorCode);

            // The names are free again, and the new bucket is empty.
            await server.Lightsail.CallOkAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = bucket, bundleId = "small_1_0" }));
            Assert.Equal("NoSuchKey", (await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/{bucket}/one", server.Server.RootCredentials)).ErrorCode);
        }
    }

    [Fact]
    public async Task A_reset_is_refused_unsigned_cross_site_with_a_bucket_key_or_a_wrong_secret_and_nothing_changes()
    {
        var (server, bucket, key, _) = await S3TestServer.StartWithBucketAsync("keep");
        await using (server)
        {
            using var client = new OperatorClient(server.Server);
            var root = server.Server.RootCredentials;

            var unsigned = await client.SendAsync(HttpMethod.Post, "/_localsail/reset");
            Assert.Equal((403, "AccessDenied"), (unsigned.Status, unsigned.Error));

            // A form another site posts: no signature, the browser names the other site.
            var crossSite = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", json: "{}", headers: new Dictionary<string, string>
            {
                ["Origin"] = "https://attacker.example",
                ["Sec-Fetch-Site"] = "cross-site",
            });
            Assert.Equal((403, "CrossSiteRequest"), (crossSite.Status, crossSite.Error));

            // Even a valid signature does not make a browser's cross-site request acceptable.
            var signedCrossSite = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", signWith: root, headers: new Dictionary<string, string> { ["Origin"] = "null" });
            Assert.Equal((403, "CrossSiteRequest"), (signedCrossSite.Status, signedCrossSite.Error));

            var bucketKey = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", signWith: key);
            Assert.Equal((403, "AccessDenied"), (bucketKey.Status, bucketKey.Error));

            var wrongSecret = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", signWith: new Credentials(root.AccessKeyId, root.SecretAccessKey + "x"));
            Assert.Equal((403, "AccessDenied"), (wrongSecret.Status, wrongSecret.Error));

            Assert.Equal(405, (await client.SendAsync(HttpMethod.Get, "/_localsail/reset", signWith: root)).Status);

            var buckets = await server.Lightsail.CallOkAsync("GetBuckets");
            Assert.Equal(bucket, Assert.Single(buckets.GetProperty("buckets").EnumerateArray()).GetProperty("name").GetString());
        }
    }
}
