using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Signing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Resources;

/// <summary>
/// What clients leave behind: many idle connections (some with half a request), uploads abandoned in the
/// middle. The server keeps answering, keeps nothing of an abandoned upload, and gives back every file
/// descriptor once the clients are gone.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ConnectionResourceTests(ITestOutputHelper output)
{
    /// <summary>Descriptors a quiet server may hold beyond its baseline: its thread pool and timers come and go.</summary>
    private const int Slack = 16;

    /// <summary>A target no count reaches: wait until the count stops changing.</summary>
    private const int Steady = -1;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Many_idle_connections_leave_the_server_answering_and_give_back_their_descriptors()
    {
        var count = BatteryMode.Scale(bounded: 1000, @long: 5000);
        await using var server = await BatteryServer.StartAsync();
        var bucket = await server.CreateBucketAsync("idle");
        var key = await server.CreateKeyAsync(bucket);
        Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, "known"), key, "known"u8.ToArray())).Status);
        var baseline = await SettledDescriptorsAsync(server, Steady);

        // Open and silent, or with half a request head, as a slow or stalled client leaves them.
        var sockets = new List<Socket>();
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Endpoint.Port));
            if (i % 3 == 1)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /{bucket}/known HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
            }
            else if (i % 3 == 2)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes("PUT /"));
            }

            sockets.Add(socket);
        }

        var held = await SettledDescriptorsAsync(server, Steady);
        var answer = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, "known"), key);
        Assert.Equal((200, "known"), (answer.Status, answer.Text));

        for (var i = 0; i < sockets.Count; i++)
        {
            if (i % 2 == 0)
            {
                sockets[i].LingerState = new LingerOption(true, 0);
            }

            sockets[i].Close();
        }

        var after = await SettledDescriptorsAsync(server, baseline + Slack);
        output.WriteLine($"{BatteryMode.Name}: {count} idle connections; server descriptors {baseline} before, {held} while they were open, {after} after they closed");
        Assert.True(held >= baseline + (count * 9 / 10), $"the server held {held} descriptors for {count} connections (baseline {baseline}): they were not all accepted");
        Assert.True(after <= baseline + Slack, $"the server still holds {after} descriptors after {count} connections closed (baseline {baseline})");
        Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, "known"), key)).Status);
        Assert.Empty(server.UnexpectedFailures());
    }

    public enum Abandon
    {
        /// <summary>A PUT with its length declared, reset after part of the body.</summary>
        ResetMidBody,

        /// <summary>A PUT with its length declared, closed (FIN) after part of the body.</summary>
        ClosedMidBody,

        /// <summary>An aws-chunked PUT (with a checksum trailer) reset in the middle of a chunk.</summary>
        ResetMidChunk,

        /// <summary>A part of a multipart upload, reset after part of its body.</summary>
        ResetMidPart,
    }

    [Fact]
    public async Task Uploads_abandoned_in_the_middle_leave_no_file_no_object_and_no_descriptor()
    {
        var uploads = BatteryMode.Scale(bounded: 40, @long: 400);
        var seed = BatteryMode.Seed;
        var random = new Random(seed);
        await using var server = await BatteryServer.StartAsync();
        var bucket = await server.CreateBucketAsync("abandoned");
        var key = await server.CreateKeyAsync(bucket);
        var created = await server.S3.SendAsync(HttpMethod.Post, server.ObjectUrl(bucket, "multipart?uploads"), key);
        var uploadId = XDocument.Parse(created.Text).Descendants().Single(e => e.Name.LocalName == "UploadId").Value;
        var baseline = await SettledDescriptorsAsync(server, Steady);

        var plan = Enumerable.Range(0, uploads).Select(i => (Index: i, Kind: (Abandon)(i % 4), Sent: random.Next(100_000, 3_000_000))).ToList();
        foreach (var batch in plan.Chunk(10))
        {
            await Task.WhenAll(batch.Select(upload => AbandonAsync(server, bucket, key, uploadId, upload.Index, upload.Kind, upload.Sent)));
        }

        // Nothing of them was kept: no object, no part, no file, no open descriptor.
        var audit = await StorageAudit.WhenCleanAsync(server.DataDirectory);
        var openUnderData = await SettledAsync(() => server.Process.OpenFilesUnder(Path.Combine(server.DataDirectory, "tmp")).Count, 0);
        var after = await SettledDescriptorsAsync(server, baseline + Slack);
        var listing = await server.S3.SendAsync(HttpMethod.Get, $"{server.Process.EndpointUrl}/{bucket}?list-type=2", key);
        var parts = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, $"multipart?uploadId={uploadId}"), key);
        output.WriteLine($"{BatteryMode.Replay(seed)}: {uploads} uploads abandoned; storage {audit}; {openUnderData} upload files open; descriptors {baseline} before, {after} after");

        Assert.True(audit.IsClean, audit.ToString());
        Assert.Equal(0, openUnderData);
        Assert.True(after <= baseline + Slack, $"the server holds {after} descriptors after the abandoned uploads (baseline {baseline})");
        Assert.DoesNotContain("<Contents>", listing.Text);
        Assert.DoesNotContain("<Part>", parts.Text);
        Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, "after"), key, "still works"u8.ToArray())).Status);

        // What the HTTP layer logs when it cannot drain a body whose connection was reset is the next test's.
        Assert.DoesNotContain(server.UnexpectedFailures(), line => !line.Contains(KestrelDrainFailure, StringComparison.Ordinal));
    }

    /// <summary>Kestrel's error when it cannot drain a request body after the application answered it.</summary>
    private const string KestrelDrainFailure = "automatic draining of the request body failed";

    [Fact]
    public async Task A_client_that_resets_in_the_middle_of_an_upload_is_not_logged_as_a_failure()
    {
        await using var server = await BatteryServer.StartAsync();
        var bucket = await server.CreateBucketAsync("reset");
        var key = await server.CreateKeyAsync(bucket);
        for (var i = 0; i < 20; i++)
        {
            await AbandonAsync(server, bucket, key, string.Empty, i, Abandon.ResetMidBody, 500_000);
        }

        await StorageAudit.WhenCleanAsync(server.DataDirectory);
        Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, "after"), key, "still works"u8.ToArray())).Status);

        // A client going away is ordinary: nothing for an operator to look into.
        var failures = server.UnexpectedFailures();
        Assert.True(failures.Count == 0, $"{failures.Count} failure lines for 20 clients that went away, such as:\n{failures.FirstOrDefault()}");
    }

    private static async Task AbandonAsync(BatteryServer server, string bucket, Credentials key, string uploadId, int index, Abandon kind, int sent)
    {
        const int Declared = 8 << 20;
        var data = RandomNumberGenerator.GetBytes(sent);
        RawRequest head;
        byte[] partial;
        switch (kind)
        {
            case Abandon.ResetMidChunk:
                // One chunk announced with the whole length, of which only part comes.
                head = RawRequest.S3(server.Endpoint, "PUT", $"/{bucket}/abandoned-{index}", key, [], [
                    new("Content-Encoding", "aws-chunked"),
                    new("x-amz-trailer", "x-amz-checksum-crc32"),
                    new("x-amz-decoded-content-length", Declared.ToString(CultureInfo.InvariantCulture)),
                    new("Content-Length", (Declared + 100).ToString(CultureInfo.InvariantCulture)),
                ], SigV4.StreamingUnsignedPayloadTrailer);
                partial = [.. Encoding.ASCII.GetBytes($"{Declared:x}\r\n"), .. data];
                break;
            case Abandon.ResetMidPart:
                head = RawRequest.S3(server.Endpoint, "PUT", $"/{bucket}/multipart?partNumber={1 + index}&uploadId={uploadId}", key, [], [
                    new("Content-Length", Declared.ToString(CultureInfo.InvariantCulture)),
                ], SigV4.UnsignedPayload);
                partial = data;
                break;
            default:
                head = RawRequest.S3(server.Endpoint, "PUT", $"/{bucket}/abandoned-{index}", key, [], [
                    new("Content-Length", Declared.ToString(CultureInfo.InvariantCulture)),
                ], SigV4.UnsignedPayload);
                partial = data;
                break;
        }

        var connection = await server.ConnectAsync();
        await connection.SendAsync(head.ToBytes());
        await connection.SendAsync(partial);

        // Give the server time to start writing what it received, then leave.
        await Task.Delay(50);
        if (kind == Abandon.ClosedMidBody)
        {
            connection.Dispose();
        }
        else
        {
            connection.Abort();
        }
    }

    /// <summary>The server's descriptor count once it is at or below <paramref name="target"/>, or once it stops changing.</summary>
    private static Task<int> SettledDescriptorsAsync(BatteryServer server, int target) => SettledAsync(server.Process.OpenDescriptorCount, target);

    /// <summary>
    /// Reads <paramref name="measure"/> until it is at or below <paramref name="target"/>, or has not
    /// changed for a second (the server finishes closing what clients left in the background), at most
    /// <see cref="Patience"/>; the last reading.
    /// </summary>
    private static async Task<int> SettledAsync(Func<int> measure, int target)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = measure();
        var stableSince = DateTime.UtcNow;
        while (last > target && DateTime.UtcNow < deadline && DateTime.UtcNow - stableSince < TimeSpan.FromSeconds(1))
        {
            await Task.Delay(100);
            var now = measure();
            if (now != last)
            {
                last = now;
                stableSince = DateTime.UtcNow;
            }
        }

        return last;
    }
}
