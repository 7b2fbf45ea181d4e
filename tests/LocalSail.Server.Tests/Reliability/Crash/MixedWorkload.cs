using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using LocalSail.Server.Tests.DataPlane.EndToEnd;
using LocalSail.Signing;

namespace LocalSail.Server.Tests.Reliability.Crash;

/// <summary>
/// What a crash may not lose, and the work that is running when it comes: writers that put, overwrite,
/// copy, upload in parts and delete their own objects; a client that creates, uses and deletes access
/// keys; a client that fills buckets and force-deletes them. Every operation is recorded as acknowledged
/// or in flight, so that after a restart each object, key and bucket can be held to what was acknowledged.
/// </summary>
public sealed class MixedWorkload(int seed)
{
    private const int Writers = 4;
    private const int KeysPerWriter = 6;
    private static readonly int[] Sizes = [0, 100, 5000, 65536, 65537, 200_000, 1_000_000];
    private static readonly byte[] StableSource = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("the copy source, never changed. ", 3000)));

    // Object key -> what it may hold: the acknowledged value (null: absent), and values in flight at the crash.
    private readonly ConcurrentDictionary<string, ObjectState> _objects = new();
    private readonly ConcurrentDictionary<string, KeyState> _keys = new();
    private readonly ConcurrentDictionary<string, BucketState> _buckets = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private string _dataBucket = null!;
    private Credentials _dataKey = null!;
    private string _churnBucket = null!;
    private long _acknowledgedWrites;
    private int _round;

    public IReadOnlyCollection<string> Failures => _failures;

    /// <summary>Writes whose success was answered, over every round.</summary>
    public long AcknowledgedWrites => Interlocked.Read(ref _acknowledgedWrites);

    /// <summary>Acknowledged objects found changed or missing after a restart.</summary>
    public int Lost { get; private set; }

    /// <summary>Objects found holding bytes no write sent (torn or mixed).</summary>
    public int Torn { get; private set; }

    public async Task SetUpAsync(BatteryServer server)
    {
        _dataBucket = await server.CreateBucketAsync("crash-data");
        _dataKey = await server.CreateKeyAsync(_dataBucket);
        _churnBucket = await server.CreateBucketAsync("crash-keys");
        var put = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(_dataBucket, "stable/source"), _dataKey, StableSource);
        Assert.Equal(200, put.Status);
        _objects["stable/source"] = new ObjectState { Acknowledged = StableSource };
    }

    /// <summary>Runs every client until <paramref name="crash"/> is cancelled (the server is being killed).</summary>
    public async Task RunAsync(BatteryServer server, CancellationToken crash)
    {
        _round++;
        var round = _round;
        var tasks = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(server, w, new Random(seed + (round * 100) + w), crash), CancellationToken.None)).ToList();
        tasks.Add(Task.Run(() => ChurnKeysAsync(server, crash), CancellationToken.None));
        tasks.Add(Task.Run(() => ForceDeleteAsync(server, round, new Random(seed + (round * 100) + 99), crash), CancellationToken.None));
        await Task.WhenAll(tasks);
    }

    private async Task WriteAsync(BatteryServer server, int writer, Random random, CancellationToken crash)
    {
        while (!crash.IsCancellationRequested)
        {
            var key = $"w{writer}/k{random.Next(KeysPerWriter)}";
            var state = _objects.GetOrAdd(key, _ => new ObjectState());
            var kind = random.Next(20);
            byte[]? value = kind switch
            {
                < 3 => null,
                3 => StableSource,
                _ => Payload(random, writer == 0 && kind == 4 ? (5 << 20) + 1000 : Sizes[random.Next(Sizes.Length)]),
            };
            state.InFlight.Add(value);
            var ok = await TryAsync(crash, $"{(value is null ? "delete" : kind == 3 ? "copy" : "put")} {key}", async () =>
            {
                var reply = value is null
                    ? await server.S3.SendAsync(HttpMethod.Delete, server.ObjectUrl(_dataBucket, key), _dataKey)
                    : kind == 3
                        ? await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(_dataBucket, key), _dataKey, headers: new Dictionary<string, string> { ["x-amz-copy-source"] = $"/{_dataBucket}/stable/source" })
                        : value.Length > (5 << 20) ? await MultipartAsync(server, key, value) : await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(_dataBucket, key), _dataKey, value);
                return reply.Status is 200 or 204 ? null : $"{reply.Status} {reply.Text}";
            });
            if (!ok)
            {
                return;
            }

            state.Acknowledged = value;
            state.InFlight.Clear();
            Interlocked.Increment(ref _acknowledgedWrites);
        }
    }

    private async Task<RawReply> MultipartAsync(BatteryServer server, string key, byte[] value)
    {
        var created = await server.S3.SendAsync(HttpMethod.Post, server.ObjectUrl(_dataBucket, key + "?uploads"), _dataKey);
        var uploadId = XDocument.Parse(created.Text).Descendants().Single(e => e.Name.LocalName == "UploadId").Value;
        var parts = new StringBuilder("<CompleteMultipartUpload>");
        for (int offset = 0, number = 1; offset < value.Length; offset += 5 << 20, number++)
        {
            var part = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(_dataBucket, $"{key}?partNumber={number}&uploadId={uploadId}"), _dataKey, value[offset..Math.Min(value.Length, offset + (5 << 20))]);
            parts.Append(CultureInfo.InvariantCulture, $"<Part><PartNumber>{number}</PartNumber><ETag>{part.Header("ETag")}</ETag></Part>");
        }

        parts.Append("</CompleteMultipartUpload>");
        return await server.S3.SendAsync(HttpMethod.Post, server.ObjectUrl(_dataBucket, $"{key}?uploadId={uploadId}"), _dataKey, Encoding.UTF8.GetBytes(parts.ToString()));
    }

    private async Task ChurnKeysAsync(BatteryServer server, CancellationToken crash)
    {
        while (!crash.IsCancellationRequested)
        {
            // Make room first: a bucket holds two keys, and a crash may have left some.
            foreach (var (id, state) in _keys.Where(k => k.Value.Alive == true && k.Value.InFlight is null))
            {
                state.InFlight = false;
                if (!await TryAsync(crash, $"delete key {id}", async () =>
                {
                    var reply = await server.Lightsail.CallAsync("DeleteBucketAccessKey", JsonSerializer.Serialize(new { bucketName = _churnBucket, accessKeyId = id }));
                    return reply.Status == 200 ? null : reply.Body;
                }))
                {
                    return;
                }

                state.Alive = false;
                state.InFlight = null;
            }

            var pending = new KeyState { InFlight = true };
            var placeholder = "pending-" + Guid.NewGuid().ToString("N");
            _keys[placeholder] = pending;
            Credentials? created = null;
            if (!await TryAsync(crash, "create key", async () =>
            {
                var reply = await server.Lightsail.CallAsync("CreateBucketAccessKey", JsonSerializer.Serialize(new { bucketName = _churnBucket }));
                if (reply.Status != 200)
                {
                    return reply.Body;
                }

                var key = reply.Json.GetProperty("accessKey");
                created = new Credentials(key.GetProperty("accessKeyId").GetString()!, key.GetProperty("secretAccessKey").GetString()!);
                return null;
            }))
            {
                return;
            }

            _keys.TryRemove(placeholder, out _);
            _keys[created!.AccessKeyId] = new KeyState { Alive = true, Credentials = created };
            if (!await TryAsync(crash, $"use key {created.AccessKeyId}", async () =>
            {
                var reply = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(_churnBucket, "churn/" + created.AccessKeyId), created, "written with a new key"u8.ToArray());
                return reply.Status == 200 ? null : $"{reply.Status} {reply.Text}";
            }))
            {
                return;
            }
        }
    }

    private async Task ForceDeleteAsync(BatteryServer server, int round, Random random, CancellationToken crash)
    {
        for (var i = 0; !crash.IsCancellationRequested; i++)
        {
            var name = S3TestServer.UniqueBucketName($"crash-fd-{round}-{i}");
            var state = _buckets[name] = new BucketState { CreateInFlight = true };
            if (!await TryAsync(crash, $"create {name}", async () =>
            {
                var reply = await server.Lightsail.CallAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = name, bundleId = "small_1_0" }));
                return reply.Status == 200 ? null : reply.Body;
            }))
            {
                return;
            }

            state.CreateInFlight = false;
            state.Exists = true;
            for (var j = 0; j < 12 && !crash.IsCancellationRequested; j++)
            {
                var key = $"o{j}";
                var value = Payload(random, j % 3 == 0 ? 70_000 + random.Next(100_000) : random.Next(0, 2000));
                if (!await TryAsync(crash, $"put {name}/{key}", async () =>
                {
                    var reply = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(name, key), LocalSail.Testing.ServerProcess.RootCredentials, value);
                    return reply.Status == 200 ? null : $"{reply.Status} {reply.Text}";
                }))
                {
                    return;
                }

                state.Objects[key] = value;
                Interlocked.Increment(ref _acknowledgedWrites);
            }

            state.DeleteInFlight = true;
            if (!await TryAsync(crash, $"force-delete {name}", async () =>
            {
                var reply = await server.Lightsail.CallAsync("DeleteBucket", JsonSerializer.Serialize(new { bucketName = name, forceDelete = true }));
                return reply.Status == 200 ? null : reply.Body;
            }))
            {
                return;
            }

            state.DeleteInFlight = false;
            state.Exists = false;
        }
    }

    /// <summary>
    /// Runs one operation; true when it was acknowledged. A failure while the server is being killed leaves
    /// the operation in flight; any other failure is recorded and ends the client.
    /// </summary>
    private async Task<bool> TryAsync(CancellationToken crash, string what, Func<Task<string?>> operation)
    {
        string? problem;
        try
        {
            problem = await operation();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException or JsonException or System.Xml.XmlException)
        {
            problem = ex.Message;
        }

        if (problem is null)
        {
            return true;
        }

        if (!crash.IsCancellationRequested)
        {
            _failures.Enqueue($"round {_round}: {what} failed before the crash: {problem}");
        }

        return false;
    }

    /// <summary>
    /// Holds the restarted server to what was acknowledged, then takes what it holds as the new truth (an
    /// operation in flight at the crash may or may not have happened).
    /// </summary>
    public async Task VerifyAsync(BatteryServer server)
    {
        foreach (var (key, state) in _objects)
        {
            var reply = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(_dataBucket, key), _dataKey);
            byte[]? actual = reply.Status == 200 ? reply.Body : reply.Status == 404 ? null : throw new InvalidOperationException($"GET {key} answered {reply.Status} {reply.Text}");
            if (Same(actual, state.Acknowledged) || state.InFlight.Any(candidate => Same(actual, candidate)))
            {
                state.Acknowledged = actual;
                state.InFlight.Clear();
                continue;
            }

            var written = _objects.Values.SelectMany(o => o.InFlight.Append(o.Acknowledged)).Any(candidate => Same(actual, candidate));
            if (actual is not null && !written)
            {
                Torn++;
            }
            else
            {
                Lost++;
            }

            _failures.Enqueue($"round {_round}: {key} holds {Describe(actual)}, not the acknowledged {Describe(state.Acknowledged)} nor one in flight ({state.InFlight.Count})");
            state.Acknowledged = actual;
            state.InFlight.Clear();
        }

        await VerifyKeysAsync(server);
        await VerifyBucketsAsync(server);
    }

    private async Task VerifyKeysAsync(BatteryServer server)
    {
        var listed = (await server.Lightsail.CallOkAsync("GetBucketAccessKeys", JsonSerializer.Serialize(new { bucketName = _churnBucket })))
            .GetProperty("accessKeys").EnumerateArray().Select(k => k.GetProperty("accessKeyId").GetString()!).ToHashSet();
        if (listed.Count > 2)
        {
            _failures.Enqueue($"round {_round}: the key bucket holds {listed.Count} keys");
        }

        foreach (var (id, state) in _keys.ToList())
        {
            if (id.StartsWith("pending-", StringComparison.Ordinal))
            {
                _keys.TryRemove(id, out _);
                continue;
            }

            var listedNow = listed.Contains(id);
            if (state.InFlight is null && state.Alive != listedNow)
            {
                _failures.Enqueue($"round {_round}: key {id} was acknowledged {(state.Alive == true ? "created" : "deleted")} but is {(listedNow ? "listed" : "gone")}");
            }

            if (listedNow && state.Credentials is not null)
            {
                var use = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(_churnBucket, "after-restart"), state.Credentials, "x"u8.ToArray());
                if (use.Status != 200)
                {
                    _failures.Enqueue($"round {_round}: key {id} is listed but answered {use.Status} {use.Text}");
                }
            }
            else if (!listedNow && state.Credentials is not null)
            {
                var use = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(_churnBucket, "after-restart"), state.Credentials, "x"u8.ToArray());
                if (use.ErrorCode != "InvalidAccessKeyId")
                {
                    _failures.Enqueue($"round {_round}: deleted key {id} answered {use.Status} {use.Text}");
                }
            }

            if (!listedNow)
            {
                // Gone and refused: nothing more to hold it to.
                _keys.TryRemove(id, out _);
                continue;
            }

            state.Alive = true;
            state.InFlight = null;
        }

        // Keys made by a create in flight at the crash are unknown to the model: they are made room for, too.
        foreach (var id in listed.Where(id => !_keys.ContainsKey(id)))
        {
            _keys[id] = new KeyState { Alive = true };
        }
    }

    private async Task VerifyBucketsAsync(BatteryServer server)
    {
        foreach (var (name, state) in _buckets.ToList())
        {
            var reply = await server.Lightsail.CallAsync("GetBuckets", JsonSerializer.Serialize(new { bucketName = name }));
            var exists = reply.Status == 200;
            if (!exists && reply.ErrorType != "NotFoundException")
            {
                _failures.Enqueue($"round {_round}: GetBuckets {name} answered {reply.Status} {reply.Body}");
                continue;
            }

            var mayExist = state.Exists || state.CreateInFlight;
            var mayBeGone = !state.Exists || state.DeleteInFlight || state.CreateInFlight;
            if ((exists && !mayExist) || (!exists && !mayBeGone))
            {
                _failures.Enqueue($"round {_round}: bucket {name} {(exists ? "exists" : "is gone")} against what was acknowledged");
            }

            if (exists)
            {
                foreach (var (key, value) in state.Objects)
                {
                    var read = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(name, key), LocalSail.Testing.ServerProcess.RootCredentials);
                    if (read.Status != 200 || !read.Body.AsSpan().SequenceEqual(value))
                    {
                        Lost++;
                        _failures.Enqueue($"round {_round}: {name}/{key} of a bucket still there answered {read.Status} with {read.Body.Length} bytes, not its acknowledged {value.Length}");
                    }
                }

                // Still there: the next round deletes it.
                var delete = await server.Lightsail.CallAsync("DeleteBucket", JsonSerializer.Serialize(new { bucketName = name, forceDelete = true }));
                if (delete.Status != 200)
                {
                    _failures.Enqueue($"round {_round}: force-delete of {name} after the restart answered {delete.Status} {delete.Body}");
                }
            }

            _buckets.TryRemove(name, out _);
        }
    }

    private static byte[] Payload(Random random, int size)
    {
        var data = new byte[size];
        random.NextBytes(data);
        return data;
    }

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static string Describe(byte[]? value) => value is null ? "nothing" : $"{value.Length} bytes ({SigV4.Sha256Hex(value)[..12]})";

    private sealed class ObjectState
    {
        public byte[]? Acknowledged { get; set; }

        /// <summary>Values sent but not acknowledged (null: a delete): the crash may have kept any of them.</summary>
        public ConcurrentBag<byte[]?> InFlight { get; } = [];
    }

    private sealed class KeyState
    {
        /// <summary>True: acknowledged created; false: acknowledged deleted.</summary>
        public bool? Alive { get; set; }

        /// <summary>True: a create in flight; false: a delete in flight; null: nothing in flight.</summary>
        public bool? InFlight { get; set; }

        public Credentials? Credentials { get; init; }
    }

    private sealed class BucketState
    {
        public bool CreateInFlight { get; set; }

        public bool Exists { get; set; }

        public bool DeleteInFlight { get; set; }

        public ConcurrentDictionary<string, byte[]> Objects { get; } = new();
    }
}
