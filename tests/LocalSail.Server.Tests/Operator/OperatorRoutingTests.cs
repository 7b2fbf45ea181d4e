using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Operator;

/// <summary>Which requests reach the operator surface, and the Host check that keeps web pages of other names out of it.</summary>
public sealed class OperatorRoutingTests
{
    [Fact]
    public async Task A_request_whose_Host_is_not_the_server_is_refused_before_any_state_is_read_or_changed()
    {
        var (server, bucket, _, _) = await S3TestServer.StartWithBucketAsync("rebind");
        await using (server)
        {
            using var client = new OperatorClient(server.Server);
            var port = client.Port;

            // A page on an attacker's name that resolves to 127.0.0.1 (DNS rebinding) sends its own name as Host.
            foreach (var host in new[] { $"attacker.example:{port}", "attacker.example", $"127.0.0.1.nip.example:{port}", $"s3.localhost.localsail.dev:{port}" })
            {
                var reset = await client.SendAsync(HttpMethod.Post, "/_localsail/reset", host, server.Server.RootCredentials);
                Assert.Equal((403, "UnknownHost"), (reset.Status, reset.Error));
                var session = await client.GetAsync("/_localsail/console/api/session", host);
                Assert.Equal(403, session.Status);
                Assert.Null(session.Header("Set-Cookie"));
                Assert.Equal(403, (await client.GetAsync("/_localsail/metrics", host)).Status);
                Assert.Equal(403, (await client.GetAsync("/_localsail/health", host)).Status);
            }

            Assert.Single((await server.Lightsail.CallOkAsync("GetBuckets")).GetProperty("buckets").EnumerateArray(), b => b.GetProperty("name").GetString() == bucket);

            // The server's own names on loopback.
            foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", "localhost", $"[::1]:{port}", $"127.0.0.2:{port}" })
            {
                Assert.Equal(200, (await client.GetAsync("/_localsail/health", host)).Status);
            }
        }
    }

    [Fact]
    public async Task Names_given_as_operator_hosts_are_accepted()
    {
        await using var server = await RunningServer.StartAsync(configure: o => o.OperatorHosts = ["localsail.internal"]);
        using var client = new OperatorClient(server);
        Assert.Equal(200, (await client.GetAsync("/_localsail/health", $"localsail.internal:{client.Port}")).Status);
        Assert.Equal(403, (await client.GetAsync("/_localsail/health", $"other.internal:{client.Port}")).Status);
    }

    [Fact]
    public async Task Under_a_virtual_hosted_bucket_a_key_starting_with__localsail_is_an_object_and_unknown_paths_are_404()
    {
        var (server, bucket, key, _) = await S3TestServer.StartWithBucketAsync("vhost");
        await using (server)
        {
            using var raw = new RawS3Client(server.Server.Endpoint);
            var virtualHost = $"http://{bucket}.s3.localhost.localsail.dev:{server.Server.Endpoint.Port}";
            Assert.Equal(200, (await raw.SendAsync(HttpMethod.Put, $"{virtualHost}/_localsail/health", key, "an object"u8.ToArray())).Status);
            var read = await raw.SendAsync(HttpMethod.Get, $"{virtualHost}/_localsail/health", key);
            Assert.Equal("an object", read.Text);

            using var client = new OperatorClient(server.Server);
            var unknown = await client.GetAsync("/_localsail/nothing-here");
            Assert.Equal((404, "NotFound"), (unknown.Status, unknown.Error));
            Assert.Equal("/_localsail/console/", (await client.GetAsync("/_localsail")).Header("Location"));

            // A path that only starts like the prefix is S3's, answered with its XML error.
            var notOperator = await raw.SendAsync(HttpMethod.Get, $"{server.EndpointUrl}/_localsailx/key", server.Server.RootCredentials);
            Assert.Equal(("NoSuchBucket", "application/xml"), (notOperator.ErrorCode, notOperator.Header("Content-Type")));
        }
    }
}
