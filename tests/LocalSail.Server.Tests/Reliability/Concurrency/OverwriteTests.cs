using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Signing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Concurrency;

/// <summary>
/// Many writers overwrite one object at once (PUT, copy, multipart; kept inline or in a file) while
/// readers read it: every read is one written version, whole; the end state is one of them, byte-exact
/// (every one of them, when the bucket keeps versions), and no file is left behind.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class OverwriteTests(ITestOutputHelper output)
{
    private const string Contested = "contested/object";

    // Around the inline limit (64 KiB) and well past it.
    private static readonly int[] Sizes = [0, 17, 4096, 65535, 65536, 65537, 300_000, 1_500_000];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_overwrites_of_one_object_leave_one_of_the_written_versions_whole(bool versioned)
    {
        const int Writers = 8;
        const int Readers = 4;
        var writesPerWriter = BatteryMode.Scale(bounded: 6, @long: 60);
        var seed = BatteryMode.Seed;
        await using var server = await BatteryServer.StartAsync();
        var bucket = await server.CreateBucketAsync("overwrite", versioned);
        var key = await server.CreateKeyAsync(bucket);
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            new AmazonS3Config { ServiceURL = server.Process.EndpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        // Every payload is made before the race, so that a reader can tell any of them, acknowledged yet or not.
        var plan = Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(0, writesPerWriter).Select(i => Write.Plan(seed, w, i))).ToList();
        var known = plan.GroupBy(p => p.Hash).ToDictionary(g => g.Key, g => g.First());
        var acknowledged = new ConcurrentBag<(Write Write, string? VersionId)>();
        var failures = new ConcurrentQueue<string>();
        long reads = 0;
        var writing = new CancellationTokenSource();

        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                // Absent is a right answer only while no write was acknowledged before the read was sent.
                var writtenBefore = !acknowledged.IsEmpty;
                var reply = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, Contested), key);
                Interlocked.Increment(ref reads);
                if (reply.Status == 404 && !writtenBefore)
                {
                    continue;
                }

                var problem = reply.Status == 200 ? Whole(reply.Body, reply.Header("ETag"), known) : $"answered {reply.Status} {reply.Text}";
                if (problem is not null)
                {
                    failures.Enqueue("a read while writing: " + problem);
                }
            }
        })).ToList();

        var writers = plan.GroupBy(p => p.Writer).Select(mine => Task.Run(async () =>
        {
            foreach (var write in mine)
            {
                try
                {
                    acknowledged.Add((write, await write.RunAsync(s3, bucket, Contested)));
                }
                catch (AmazonS3Exception ex)
                {
                    failures.Enqueue($"{write} answered {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}");
                }
            }
        })).ToList();

        await Task.WhenAll(writers);
        await writing.CancelAsync();
        await Task.WhenAll(readers);

        var final = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, Contested), key);
        var acknowledgedHashes = acknowledged.Select(a => a.Write.Hash).ToHashSet();
        var finalProblem = final.Status == 200 ? Whole(final.Body, final.Header("ETag"), known) : $"answered {final.Status} {final.Text}";
        Assert.True(finalProblem is null, "the object at the end: " + finalProblem);
        Assert.Contains(SigV4.Sha256Hex(final.Body), acknowledgedHashes);

        if (versioned)
        {
            // Every acknowledged write is a version of its own, and each version holds exactly its bytes.
            var listed = await server.S3.SendAsync(HttpMethod.Get, $"{server.Process.EndpointUrl}/{bucket}?versions&prefix=contested/", key);
            var versionIds = XDocument.Parse(listed.Text).Descendants().Where(e => e.Name.LocalName == "VersionId").Select(e => e.Value).ToList();
            Assert.Equal(acknowledged.Select(a => a.VersionId!).Order(), versionIds.Order());
            foreach (var (write, versionId) in acknowledged)
            {
                var version = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, $"{Contested}?versionId={versionId}"), key);
                Assert.True(version.Status == 200 && SigV4.Sha256Hex(version.Body) == write.Hash, $"version {versionId} of {write}: {version.Status}, {version.Body.Length} bytes");
            }
        }

        var audit = await StorageAudit.WhenCleanAsync(server.DataDirectory);
        output.WriteLine($"{BatteryMode.Replay(seed)}, versioning {(versioned ? "on" : "off")}: {acknowledged.Count} overwrites acknowledged of {plan.Count}, {reads} reads while writing, {failures.Count} failures; storage {audit}");
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(20)));
        Assert.Equal(plan.Count, acknowledged.Count);
        Assert.True(audit.IsClean, audit.ToString());
        Assert.Empty(server.UnexpectedFailures());
    }

    /// <summary>Null when <paramref name="body"/> is exactly one of the written payloads with its ETag; else what is wrong.</summary>
    private static string? Whole(byte[] body, string? etag, Dictionary<string, Write> known)
    {
        if (!known.TryGetValue(SigV4.Sha256Hex(body), out var write))
        {
            return $"{body.Length} bytes that are none of the written payloads (torn or mixed)";
        }

        return write.ExpectedETag is { } expected && etag?.Trim('"') != expected ? $"{write}'s bytes with ETag {etag}, not \"{expected}\"" : null;
    }

    /// <summary>One planned overwrite: its bytes and how they are sent.</summary>
    private sealed record Write(int Writer, int Index, string How, byte[] Data)
    {
        public string Hash { get; } = SigV4.Sha256Hex(Data);

        /// <summary>The MD5 ETag a single PUT or copy gives; null for multipart (its ETag is of the parts).</summary>
        public string? ExpectedETag => How == "multipart" ? null : Convert.ToHexStringLower(MD5.HashData(Data));

        public static Write Plan(int seed, int writer, int index)
        {
            var random = new Random(unchecked((seed * 31) + (writer * 1000) + index));
            // One multipart write per run (5 MiB parts are heavy), a copy now and then, else a PUT.
            var how = writer == 0 && index == 0 ? "multipart" : random.Next(5) == 0 ? "copy" : "put";
            var size = how == "multipart" ? (5 << 20) + 1234 : Sizes[random.Next(Sizes.Length)];
            var data = new byte[size];
            random.NextBytes(data);
            return new Write(writer, index, how, data);
        }

        /// <summary>Writes the payload to <paramref name="key"/>; the version id the server gave it.</summary>
        public async Task<string?> RunAsync(AmazonS3Client s3, string bucket, string key)
        {
            switch (How)
            {
                case "copy":
                    var staging = $"staging/{Writer}/{Index}";
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = staging, InputStream = new MemoryStream(Data) });
                    var copied = await s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = staging, DestinationBucket = bucket, DestinationKey = key });
                    return copied.VersionId;
                case "multipart":
                    var upload = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key });
                    var parts = new List<PartETag>();
                    for (int offset = 0, number = 1; offset < Data.Length; offset += 5 << 20, number++)
                    {
                        var length = Math.Min(5 << 20, Data.Length - offset);
                        var part = await s3.UploadPartAsync(new UploadPartRequest
                        {
                            BucketName = bucket,
                            Key = key,
                            UploadId = upload.UploadId,
                            PartNumber = number,
                            InputStream = new MemoryStream(Data, offset, length),
                        });
                        parts.Add(new PartETag(number, part.ETag));
                    }

                    var completed = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        UploadId = upload.UploadId,
                        PartETags = parts,
                    });
                    return completed.VersionId;
                default:
                    var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(Data) });
                    return put.VersionId;
            }
        }

        public override string ToString() => $"writer {Writer} write {Index} ({How}, {Data.Length} bytes)";
    }
}
