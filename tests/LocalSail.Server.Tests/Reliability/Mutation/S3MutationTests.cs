using System.Xml.Linq;
using LocalSail.Signing;
using LocalSail.Testing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Mutation;

/// <summary>
/// Seeded mutations of S3 requests (bodies, headers, query, path, signature, HTTP and aws-chunked framing):
/// every answer a well-formed S3 error (or a success), never a 5xx or a hang; nothing stored by a refused
/// request; no file left behind.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class S3MutationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Mutated_S3_requests_answer_well_formed_errors_and_store_nothing()
    {
        var seeds = BatteryMode.Scale(bounded: 1, @long: 8);
        var casesPerSeed = BatteryMode.Scale(bounded: 700, @long: 700);
        await using var server = await BatteryServer.StartAsync();
        var bucket = await server.CreateBucketAsync("mutation");
        var key = await server.CreateKeyAsync(bucket);
        var seedObject = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, "seed"), key, "the object cases read, copy and tag"u8.ToArray());
        Assert.Equal(200, seedObject.Status);
        var uploads = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => StartUploadAsync(server, bucket, key, $"mp/{i}")));

        // The requests that check a connection is still in step read another bucket, which no case touches.
        var probeBucket = await server.CreateBucketAsync("mutation-probe");
        var probeKey = await server.CreateKeyAsync(probeBucket);
        var probeBytes = "probe: this connection is in step"u8.ToArray();
        Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(probeBucket, "probe"), probeKey, probeBytes)).Status);
        var runner = new MutationRunner(server, () => RawRequest.S3(server.Endpoint, "GET", $"/{probeBucket}/probe", probeKey), probeBytes);

        var target = new S3Target(server.Endpoint, bucket, key, ServerProcess.RootCredentials, uploads);
        var reports = new List<MutationReport>();
        for (var s = 0; s < seeds; s++)
        {
            var seed = BatteryMode.Seed + s;
            var report = await runner.RunAsync(S3Cases.Generate(target, seed, casesPerSeed, firstIndex: s * casesPerSeed));
            output.WriteLine($"{BatteryMode.Replay(seed)}: {report}");
            reports.Add(report);
        }

        // Nothing is stored but by a request that was answered with success.
        var acknowledgedPaths = reports.SelectMany(r => r.Acknowledged).Select(a => Uri.UnescapeDataString(a.Case.Request.Target.Split('?')[0])).ToHashSet();
        var stored = await ListKeysAsync(server, bucket);
        var unacknowledged = stored.Where(k => k != "seed" && !acknowledgedPaths.Contains($"/{bucket}/{k}")).ToList();

        // And what was stored can be read back, whatever its metadata.
        var unreadable = new List<string>();
        using (var reader = await server.ConnectAsync())
        {
            foreach (var storedKey in stored)
            {
                var path = $"/{bucket}/" + string.Join('/', storedKey.Split('/').Select(Uri.EscapeDataString));
                await reader.SendAsync(RawRequest.S3(server.Endpoint, "GET", path, ServerProcess.RootCredentials).ToBytes());
                var read = await reader.ReadResponseAsync(MutationRunner.Patience);
                if (read is not { Status: 200 })
                {
                    unreadable.Add($"{storedKey}: {read}");
                }
            }
        }

        var audit = await StorageAudit.WhenCleanAsync(server.DataDirectory);
        var failures = reports.SelectMany(r => r.Failures).ToList();
        output.WriteLine($"{reports.Sum(r => r.Sent)} mutated S3 requests, {failures.Count} failures, {reports.Sum(r => r.ServerErrors)} server errors, {reports.Sum(r => r.Hangs)} hangs; storage {audit}");

        foreach (var failure in failures.Take(200))
        {
            output.WriteLine(failure);
        }

        foreach (var line in server.UnexpectedFailures().Take(50))
        {
            output.WriteLine("server: " + line);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures ({BatteryMode.Replay(BatteryMode.Seed)}):\n" + string.Join("\n\n", failures.Take(15)));
        Assert.True(unacknowledged.Count == 0, "objects stored by requests that were refused: " + string.Join(", ", unacknowledged.Take(20)));
        Assert.True(unreadable.Count == 0, "stored objects that cannot be read:\n" + string.Join('\n', unreadable.Take(10)));
        Assert.True(audit.IsClean, audit.ToString());
        Assert.Empty(server.UnexpectedFailures());
    }

    private static async Task<(string UploadId, string Key, string PartETag)> StartUploadAsync(BatteryServer server, string bucket, Credentials key, string objectKey)
    {
        var created = await server.S3.SendAsync(HttpMethod.Post, server.ObjectUrl(bucket, objectKey + "?uploads"), key);
        var uploadId = XDocument.Parse(created.Text).Descendants().Single(e => e.Name.LocalName == "UploadId").Value;
        var part = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, $"{objectKey}?partNumber=1&uploadId={uploadId}"), key, "part one"u8.ToArray());
        return (uploadId, objectKey, part.Header("ETag")!);
    }

    private static async Task<List<string>> ListKeysAsync(BatteryServer server, string bucket)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var url = $"{server.Process.EndpointUrl}/{bucket}?list-type=2&encoding-type=url" + (token is null ? string.Empty : "&continuation-token=" + Uri.EscapeDataString(token));
            var page = XDocument.Parse((await server.S3.SendAsync(HttpMethod.Get, url, ServerProcess.RootCredentials)).Text).Root!;
            keys.AddRange(page.Elements().Where(e => e.Name.LocalName == "Contents").Select(c => Uri.UnescapeDataString(c.Elements().Single(e => e.Name.LocalName == "Key").Value)));
            token = page.Elements().FirstOrDefault(e => e.Name.LocalName == "NextContinuationToken")?.Value;
        }
        while (token is not null);
        return keys;
    }
}
