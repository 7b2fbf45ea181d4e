using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LocalSail.Signing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Concurrency;

/// <summary>
/// New access keys used by many requests at once: each request is the key's first use (its secret is read
/// and decrypted), while other keys are created (their secrets encrypted) and deleted around them.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class FirstUseTests(ITestOutputHelper output)
{
    private const int RequestsPerKey = 64;

    [Fact]
    public async Task A_key_first_used_by_64_requests_at_once_answers_every_one()
    {
        // Eight buckets of two keys each: sixteen new keys a round, all first used at the same moment.
        const int Buckets = 8;
        var rounds = BatteryMode.Scale(bounded: 20, @long: 640);
        await using var server = await BatteryServer.StartAsync();
        var buckets = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(i => server.CreateBucketAsync($"first-use-{i}")));

        // Connections opened once and kept, so that a round's requests reach the server together.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var signer = new RequestSigner();
        var failures = new List<string>();
        long firstUses = 0, keys = 0;
        for (var round = 0; round < rounds && failures.Count == 0; round++)
        {
            // Created two at a time per bucket, concurrently across buckets: encryption races decryption's first uses.
            var created = await Task.WhenAll(buckets.SelectMany(bucket => new[] { bucket, bucket }).Select(async bucket => (Bucket: bucket, Key: await server.CreateKeyAsync(bucket))));
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var requests = created.SelectMany(k => Enumerable.Range(0, RequestsPerKey).Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await FirstUseAsync(http, signer, server.Endpoint, k.Bucket, k.Key, round, i);
            }))).ToList();
            start.SetResult();
            var answers = await Task.WhenAll(requests);
            firstUses += answers.Length;
            keys += created.Length;
            failures.AddRange(answers.Where(a => a is not null)!);

            var deletes = await Task.WhenAll(created.Select(k => server.Lightsail.CallAsync(
                "DeleteBucketAccessKey", JsonSerializer.Serialize(new { bucketName = k.Bucket, accessKeyId = k.Key.AccessKeyId }))));
            Assert.All(deletes, d => Assert.Equal(200, d.Status));
        }

        output.WriteLine($"{BatteryMode.Name}: {keys} new keys, each first used by {RequestsPerKey} requests at once: {firstUses} first uses, {failures.Count} failed");
        Assert.True(failures.Count == 0, $"{failures.Count} first uses failed, of {firstUses}:\n{string.Join('\n', failures.Take(10))}");
        Assert.Empty(server.UnexpectedFailures());
    }

    /// <summary>One request with a key it has never seen: a listing or a small upload; null when answered 200.</summary>
    private static async Task<string?> FirstUseAsync(HttpClient http, RequestSigner signer, Uri endpoint, string bucket, Credentials key, int round, int index)
    {
        var upload = index % 2 == 0;
        var body = upload ? System.Text.Encoding.ASCII.GetBytes($"round {round} request {index}") : [];
        using var request = new HttpRequestMessage(
            upload ? HttpMethod.Put : HttpMethod.Get,
            upload ? $"{endpoint}{bucket}/first-use/{key.AccessKeyId}/{index}" : $"{endpoint}{bucket}?list-type=2&max-keys=1");
        if (upload)
        {
            request.Content = new ByteArrayContent(body);
        }

        signer.Sign(request, key, "us-east-1", "s3", DateTimeOffset.UtcNow, SigV4.Sha256Hex(body));
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK ? null : $"{request.Method} with new key {key.AccessKeyId}: {(int)response.StatusCode} {text}";
        }
        catch (HttpRequestException ex)
        {
            return $"{request.Method} with new key {key.AccessKeyId}: {ex.Message}";
        }
    }
}
