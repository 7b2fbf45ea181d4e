using System.Globalization;
using System.Text.Json;
using LocalSail.Signing;

namespace LocalSail.Bench.Load;

/// <summary>Which JSON API call stands for "list a bucket's access keys" on a given server.</summary>
public enum ApiFlavor
{
    /// <summary>LocalSail: Lightsail <c>GetBucketAccessKeys</c>.</summary>
    Lightsail,

    /// <summary>moto has no Lightsail: its nearest JSON 1.1 list call, KMS <c>ListKeys</c> over two keys.</summary>
    Kms,

    /// <summary>fauxqs speaks SQS's JSON 1.0: <c>ListQueues</c> over two queues.</summary>
    Sqs,

    /// <summary>The trivial endpoint: the same request as LocalSail's, answered with fixed bytes.</summary>
    Plain,
}

/// <summary>A scenario's setup (not measured) and the operation its workers repeat (measured).</summary>
public sealed record PreparedScenario(Operation Operation, string? Note = null);

public sealed class ScenarioNotApplicableException(string message) : Exception(message);

public static class Scenarios
{
    public const string DataBucket = "bench-data";

    public static readonly string[] Names =
    [
        "api-access-keys", "api-key-pair", "api-get-buckets",
        "s3-get-4k", "s3-get-1m", "s3-put-4k", "s3-put-1m", "s3-list",
    ];

    public static string ListKey(int i) => "k-" + i.ToString("D9", CultureInfo.InvariantCulture);

    public static async Task<PreparedScenario> PrepareAsync(string name, Setup setup, ApiFlavor flavor, Options options, int concurrency, CancellationToken cancellation) =>
        name switch
        {
            "api-access-keys" => await AccessKeysAsync(setup, flavor, cancellation).ConfigureAwait(false),
            "api-key-pair" => await KeyPairAsync(setup, flavor, concurrency, cancellation).ConfigureAwait(false),
            "api-get-buckets" => await GetBucketsAsync(setup, flavor, options.Int("buckets", 1000), cancellation).ConfigureAwait(false),
            "s3-get-4k" => await GetAsync(setup, "obj-4k", 4 * 1024, cancellation).ConfigureAwait(false),
            "s3-get-1m" => await GetAsync(setup, "obj-1m", 1024 * 1024, cancellation).ConfigureAwait(false),
            "s3-put-4k" => await PutAsync(setup, 4 * 1024, cancellation).ConfigureAwait(false),
            "s3-put-1m" => await PutAsync(setup, 1024 * 1024, cancellation).ConfigureAwait(false),
            "s3-list" => await ListAsync(setup, options.Int("objects", 100_000), options.Int("setup-concurrency", 32), cancellation).ConfigureAwait(false),
            _ => throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", Names)}, s3-multipart."),
        };

    private static async Task<PreparedScenario> AccessKeysAsync(Setup setup, ApiFlavor flavor, CancellationToken cancellation)
    {
        var client = setup.Root;
        JsonCall call;
        switch (flavor)
        {
            case ApiFlavor.Lightsail:
                await setup.BucketAsync(DataBucket, cancellation).ConfigureAwait(false);
                call = Lightsail.Call("GetBucketAccessKeys", Lightsail.BucketBody(DataBucket));
                break;
            case ApiFlavor.Kms:
                using (var listed = JsonDocument.Parse(await setup.CallAsync(new JsonCall("kms", "TrentService.ListKeys", "{}"), cancellation).ConfigureAwait(false)))
                {
                    for (var i = listed.RootElement.GetProperty("Keys").GetArrayLength(); i < 2; i++)
                    {
                        await setup.CallAsync(new JsonCall("kms", "TrentService.CreateKey", "{}"), cancellation).ConfigureAwait(false);
                    }
                }

                call = new JsonCall("kms", "TrentService.ListKeys", "{}");
                break;
            case ApiFlavor.Sqs:
                foreach (var queue in new[] { "bench-1", "bench-2" })
                {
                    await setup.CallAsync(new JsonCall("sqs", "AmazonSQS.CreateQueue", $$"""{"QueueName":"{{queue}}"}""", "application/x-amz-json-1.0"), cancellation).ConfigureAwait(false);
                }

                call = new JsonCall("sqs", "AmazonSQS.ListQueues", "{}", "application/x-amz-json-1.0");
                break;
            default:
                call = Lightsail.Call("GetBucketAccessKeys", Lightsail.BucketBody(DataBucket));
                break;
        }

        return new PreparedScenario((worker, token) => Exchange.SendAsync(client.Http, client.For(worker).Json(call), worker, 0, token), call.Target);
    }

    /// <summary>Each worker owns a bucket, so the two-keys-per-bucket limit never makes workers collide.</summary>
    private static async Task<PreparedScenario> KeyPairAsync(Setup setup, ApiFlavor flavor, int concurrency, CancellationToken cancellation)
    {
        if (flavor != ApiFlavor.Lightsail)
        {
            throw new ScenarioNotApplicableException("bucket access keys are a Lightsail API");
        }

        var calls = new (JsonCall Create, string Bucket)[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var bucket = $"bench-keys-{i}";
            await setup.CreateLightsailBucketAsync(bucket, cancellation).ConfigureAwait(false);
            await setup.DeleteAccessKeysAsync(bucket, cancellation).ConfigureAwait(false);
            calls[i] = (Lightsail.Call("CreateBucketAccessKey", Lightsail.BucketBody(bucket)), bucket);
        }

        var client = setup.Root;
        return new PreparedScenario(async (worker, token) =>
        {
            var (create, bucket) = calls[worker.Index];
            var node = client.For(worker);
            var (created, body) = await Exchange.SendForBodyAsync(client.Http, node.Json(create), token).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                return created;
            }

            string id;
            using (var document = JsonDocument.Parse(body))
            {
                id = document.RootElement.GetProperty("accessKey").GetProperty("accessKeyId").GetString()!;
            }

            var delete = Lightsail.Call("DeleteBucketAccessKey", $$"""{"bucketName":"{{bucket}}","accessKeyId":"{{id}}"}""");
            return await Exchange.SendAsync(client.Http, node.Json(delete), worker, 0, token).ConfigureAwait(false);
        }, "one operation = CreateBucketAccessKey + DeleteBucketAccessKey");
    }

    private static async Task<PreparedScenario> GetBucketsAsync(Setup setup, ApiFlavor flavor, int buckets, CancellationToken cancellation)
    {
        if (flavor is not (ApiFlavor.Lightsail or ApiFlavor.Plain))
        {
            throw new ScenarioNotApplicableException("GetBuckets is a Lightsail API");
        }

        var note = "GetBuckets";
        if (flavor == ApiFlavor.Lightsail)
        {
            var count = await setup.EnsureBucketCountAsync(buckets, cancellation).ConfigureAwait(false);
            var page = await setup.FirstPageSizeAsync(cancellation).ConfigureAwait(false);
            note = $"GetBuckets: the first call's answer ({page:N0} buckets) in an account of {count:N0}";
        }

        var call = Lightsail.Call("GetBuckets", "{}");
        var client = setup.Root;
        return new PreparedScenario((worker, token) => Exchange.SendAsync(client.Http, client.For(worker).Json(call), worker, 0, token), note);
    }

    private static async Task<PreparedScenario> GetAsync(Setup setup, string key, int size, CancellationToken cancellation)
    {
        var client = await setup.BucketAsync(DataBucket, cancellation).ConfigureAwait(false);
        if (setup.Mode != SetupMode.None)
        {
            var body = Payload.Create(size);
            await Setup.PutObjectAsync(client, DataBucket, key, body, SigV4.Sha256Hex(body), cancellation).ConfigureAwait(false);
        }

        // One address per endpoint, made once: worker i reads through endpoint i mod n.
        var uris = client.Endpoints.Select(e => new Uri(e, $"/{DataBucket}/{key}")).ToArray();
        return new PreparedScenario((worker, token) => Exchange.SendAsync(client.Http, client.S3(HttpMethod.Get, uris[worker.Index % uris.Length]), worker, 0, token));
    }

    /// <summary>Each worker overwrites its own key; the body's hash is computed once, as it never changes.</summary>
    private static async Task<PreparedScenario> PutAsync(Setup setup, int size, CancellationToken cancellation)
    {
        var client = await setup.BucketAsync(DataBucket, cancellation).ConfigureAwait(false);
        var body = Payload.Create(size);
        var hash = SigV4.Sha256Hex(body);
        var label = size >= 1024 * 1024 ? "1m" : "4k";
        var uris = new Dictionary<int, Uri>();
        return new PreparedScenario((worker, token) =>
        {
            Uri uri;
            lock (uris)
            {
                if (!uris.TryGetValue(worker.Index, out uri!))
                {
                    uri = client.For(worker).Resolve($"/{DataBucket}/put-{label}-w{worker.Index}");
                    uris[worker.Index] = uri;
                }
            }

            return Exchange.SendAsync(client.Http, client.S3(HttpMethod.Put, uri, body, hash), worker, body.Length, token);
        });
    }

    /// <summary>
    /// ListObjectsV2 pages of 1,000 keys. Past 1,000 objects each page starts after a random key, so the
    /// figure is a page anywhere in the bucket, not only its first.
    /// </summary>
    private static async Task<PreparedScenario> ListAsync(Setup setup, int objects, int setupConcurrency, CancellationToken cancellation)
    {
        var bucket = $"bench-list-{objects}";
        var client = await setup.BucketAsync(bucket, cancellation).ConfigureAwait(false);
        var filler = new Setup(setup.Root, setup.Mode, setupConcurrency);
        await filler.FillAsync(client, bucket, objects, ListKey, cancellation).ConfigureAwait(false);

        var firsts = client.Endpoints.Select(e => new Uri(e, $"/{bucket}?list-type=2&max-keys=1000")).ToArray();
        var (_, page, _) = await client.SendForTextAsync(client.S3(HttpMethod.Get, firsts[0]), cancellation).ConfigureAwait(false);
        var keysPerPage = CountOccurrences(page, "<Key>");
        var randomStarts = objects > 1000;
        return new PreparedScenario((worker, token) =>
        {
            var uri = randomStarts
                ? client.For(worker).Resolve($"/{bucket}?list-type=2&max-keys=1000&start-after={ListKey(Random.Shared.Next(0, objects - 1000))}")
                : firsts[worker.Index % firsts.Length];
            return Exchange.SendAsync(client.Http, client.S3(HttpMethod.Get, uri), worker, 0, token);
        }, $"{objects:N0} objects, {keysPerPage} keys in the first page");
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>Object bodies: fixed pseudo-random bytes, so no layer can compress or deduplicate them away.</summary>
public static class Payload
{
    public static byte[] Create(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }
}
