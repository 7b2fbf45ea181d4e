using System.Net;
using System.Text.Json;
using LocalSail.Signing;

namespace LocalSail.Bench.Load;

/// <summary>How buckets come to exist on the server under test.</summary>
public enum SetupMode
{
    /// <summary>LocalSail: Lightsail <c>CreateBucket</c> with the root key, then a bucket access key for S3.</summary>
    Lightsail,

    /// <summary>An S3 server: <c>PUT /bucket</c> with the given key.</summary>
    S3,

    /// <summary>A floor (nginx, the trivial endpoint): the bytes are already there.</summary>
    None,
}

/// <summary>
/// The setup steps, kept apart from the measured phase: buckets, access keys, objects. Each step tolerates
/// what an earlier repetition left behind, so a scenario can be run again against the same server.
/// </summary>
public sealed class Setup(SignedClient root, SetupMode mode, int concurrency)
{
    private static readonly JsonCall GetBucketsCall = Lightsail.Call("GetBuckets", "{}");

    public SignedClient Root { get; } = root;

    public SetupMode Mode { get; } = mode;

    /// <summary>Makes <paramref name="bucket"/> exist and answers a client whose key may use it over S3.</summary>
    public async Task<SignedClient> BucketAsync(string bucket, CancellationToken cancellation)
    {
        switch (Mode)
        {
            case SetupMode.None:
                return Root;
            case SetupMode.S3:
                {
                    var (status, body, _) = await Root.SendForTextAsync(Root.S3(HttpMethod.Put, Root.Resolve("/" + bucket)), cancellation).ConfigureAwait(false);
                    if (status != HttpStatusCode.OK && status != HttpStatusCode.Conflict)
                    {
                        throw new SetupException($"PUT /{bucket} answered {(int)status}: {Trim(body)}");
                    }

                    return Root;
                }

            default:
                await CreateLightsailBucketAsync(bucket, cancellation).ConfigureAwait(false);
                await DeleteAccessKeysAsync(bucket, cancellation).ConfigureAwait(false);
                var created = await CallAsync(Lightsail.Call("CreateBucketAccessKey", Lightsail.BucketBody(bucket)), cancellation).ConfigureAwait(false);
                using (var document = JsonDocument.Parse(created))
                {
                    var key = document.RootElement.GetProperty("accessKey");
                    return Root.WithCredentials(new Credentials(key.GetProperty("accessKeyId").GetString()!, key.GetProperty("secretAccessKey").GetString()!));
                }
        }
    }

    public async Task CreateLightsailBucketAsync(string bucket, CancellationToken cancellation)
    {
        var (status, body, _) = await Root.SendForTextAsync(
            Root.Json(Lightsail.Call("CreateBucket", $$"""{"bucketName":"{{bucket}}","bundleId":"small_1_0"}""")), cancellation).ConfigureAwait(false);
        if (status != HttpStatusCode.OK && !body.Contains("exist", StringComparison.OrdinalIgnoreCase))
        {
            throw new SetupException($"CreateBucket {bucket} answered {(int)status}: {Trim(body)}");
        }
    }

    /// <summary>Lightsail allows two keys per bucket: start each repetition with none.</summary>
    public async Task DeleteAccessKeysAsync(string bucket, CancellationToken cancellation)
    {
        var listed = await CallAsync(Lightsail.Call("GetBucketAccessKeys", Lightsail.BucketBody(bucket)), cancellation).ConfigureAwait(false);
        using var document = JsonDocument.Parse(listed);
        if (!document.RootElement.TryGetProperty("accessKeys", out var keys))
        {
            return;
        }

        foreach (var key in keys.EnumerateArray())
        {
            var id = key.GetProperty("accessKeyId").GetString()!;
            await CallAsync(Lightsail.Call("DeleteBucketAccessKey", $$"""{"bucketName":"{{bucket}}","accessKeyId":"{{id}}"}"""), cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Creates buckets named <c>bench-many-NNNN</c> until the account holds at least <paramref name="count"/>.</summary>
    public async Task<int> EnsureBucketCountAsync(int count, CancellationToken cancellation)
    {
        var existing = await CountBucketsAsync(cancellation).ConfigureAwait(false);
        var names = Enumerable.Range(0, count).Select(i => $"bench-many-{i:D4}").ToArray();
        if (existing < count)
        {
            await Parallel.ForEachAsync(names, Limits(cancellation), async (name, token) => await CreateLightsailBucketAsync(name, token).ConfigureAwait(false)).ConfigureAwait(false);
        }

        return await CountBucketsAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>Counts every bucket, following <c>nextPageToken</c> (a bounded number of pages).</summary>
    private async Task<int> CountBucketsAsync(CancellationToken cancellation)
    {
        var count = 0;
        string? token = null;
        for (var page = 0; page < 1000; page++)
        {
            var call = token is null ? GetBucketsCall : Lightsail.Call("GetBuckets", $$"""{"pageToken":"{{token}}"}""");
            using var document = JsonDocument.Parse(await CallAsync(call, cancellation).ConfigureAwait(false));
            count += document.RootElement.TryGetProperty("buckets", out var buckets) ? buckets.GetArrayLength() : 0;
            token = document.RootElement.TryGetProperty("nextPageToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        return count;
    }

    /// <summary>How many buckets one <c>GetBuckets</c> call answers (the server's page size).</summary>
    public async Task<int> FirstPageSizeAsync(CancellationToken cancellation)
    {
        using var document = JsonDocument.Parse(await CallAsync(GetBucketsCall, cancellation).ConfigureAwait(false));
        return document.RootElement.TryGetProperty("buckets", out var buckets) ? buckets.GetArrayLength() : 0;
    }

    public async Task<string> CallAsync(JsonCall call, CancellationToken cancellation)
    {
        var (status, body, _) = await Root.SendForTextAsync(Root.Json(call), cancellation).ConfigureAwait(false);
        return status == HttpStatusCode.OK ? body : throw new SetupException($"{call.Target} answered {(int)status}: {Trim(body)}");
    }

    public static async Task PutObjectAsync(SignedClient client, string bucket, string key, ReadOnlyMemory<byte> body, string payloadHash, CancellationToken cancellation)
    {
        var (status, text, _) = await client.SendForTextAsync(client.S3(HttpMethod.Put, client.Resolve($"/{bucket}/{key}"), body, payloadHash), cancellation).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            throw new SetupException($"PUT /{bucket}/{key} answered {(int)status}: {Trim(text)}");
        }
    }

    /// <summary>
    /// Fills <paramref name="bucket"/> with <paramref name="count"/> small objects, in parallel with bounded
    /// concurrency. Skipped when the last key already exists: an earlier repetition filled it.
    /// </summary>
    public async Task FillAsync(SignedClient client, string bucket, int count, Func<int, string> keyOf, CancellationToken cancellation)
    {
        var (status, _, _) = await client.SendForTextAsync(client.S3(HttpMethod.Head, client.Resolve($"/{bucket}/{keyOf(count - 1)}")), cancellation).ConfigureAwait(false);
        if (status == HttpStatusCode.OK)
        {
            return;
        }

        var body = "0123456789abcdef"u8.ToArray();
        var hash = SigV4.Sha256Hex(body);
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), Limits(cancellation), async (i, token) =>
        {
            await PutObjectAsync(client, bucket, keyOf(i), body, hash, token).ConfigureAwait(false);
            var n = Interlocked.Increment(ref done);
            if (n % 50_000 == 0)
            {
                Console.Error.WriteLine($"  filled {n:N0} of {count:N0} objects in {bucket}");
            }
        }).ConfigureAwait(false);
    }

    private ParallelOptions Limits(CancellationToken cancellation) => new() { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellation };

    private static string Trim(string text) => text.Length <= 300 ? text : text[..300];
}

public sealed class SetupException(string message) : Exception(message);

/// <summary>The Lightsail JSON 1.1 API's calls.</summary>
public static class Lightsail
{
    public static JsonCall Call(string operation, string body) => new("lightsail", "Lightsail_20161128." + operation, body);

    public static string BucketBody(string bucket) => $$"""{"bucketName":"{{bucket}}"}""";
}
