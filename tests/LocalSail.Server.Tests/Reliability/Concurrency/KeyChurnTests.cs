using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using LocalSail.Signing;
using LocalSail.Testing;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Concurrency;

/// <summary>
/// Keys created and deleted by racing clients on one bucket: it never holds more than two, a created key
/// works at once, a deleted one is refused at once, and what remains is exactly what was created and not deleted.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class KeyChurnTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Racing_key_creates_and_deletes_never_leave_more_than_two_keys_on_a_bucket()
    {
        const int Workers = 6;
        const int MaxWaitsForAKey = 5_000;
        var iterations = BatteryMode.Scale(bounded: 25, @long: 400);
        var seed = BatteryMode.Seed;
        await using var server = await BatteryServer.StartAsync();
        var bucket = await server.CreateBucketAsync("churn");

        var alive = new ConcurrentDictionary<string, Credentials>();
        var deleted = new ConcurrentDictionary<string, Credentials>();
        var failures = new ConcurrentQueue<string>();
        int created = 0, limited = 0, mostSeen = 0;
        var done = new CancellationTokenSource();

        // Every worker reaches its last round before any starts it. Until then no key is kept, so a refused create
        // only waits for keys that are about to be deleted, and the race gets its creates however the threads run.
        var atLastRound = 0;
        var lastRoundOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void ArriveAtLastRound()
        {
            if (Interlocked.Increment(ref atLastRound) == Workers)
            {
                lastRoundOpen.TrySetResult();
            }
        }

        var observer = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                var listed = await ListKeysAsync(server, bucket);
                InterlockedMax(ref mostSeen, listed.Count);
                if (listed.Count > 2)
                {
                    failures.Enqueue($"the bucket held {listed.Count} keys: {string.Join(", ", listed)}");
                }
            }
        });

        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            var arrived = false;
            try
            {
                await ChurnAsync();
            }
            finally
            {
                if (!arrived)
                {
                    // A worker that stopped early does not hold the others at the last round.
                    ArriveAtLastRound();
                }
            }

            async Task ChurnAsync()
            {
                for (var i = 0; i < iterations; i++)
                {
                    if (i == iterations - 1)
                    {
                        arrived = true;
                        ArriveAtLastRound();
                        await lastRoundOpen.Task;
                    }

                    var reply = await server.Lightsail.CallAsync("CreateBucketAccessKey", JsonSerializer.Serialize(new { bucketName = bucket }));
                    for (var wait = 0; i < iterations - 1 && IsLimitExceeded(reply); wait++)
                    {
                        // Both keys are held by workers about to delete them: wait for one rather than use up the round.
                        Interlocked.Increment(ref limited);
                        if (wait == MaxWaitsForAKey)
                        {
                            failures.Enqueue($"worker {worker} waited {wait} times for a key to be deleted; none was");
                            return;
                        }

                        await Task.Delay(1);
                        reply = await server.Lightsail.CallAsync("CreateBucketAccessKey", JsonSerializer.Serialize(new { bucketName = bucket }));
                    }

                    if (reply.Status != 200)
                    {
                        if (reply.Json.GetProperty("code").GetString() == "AccessKeyLimitExceeded")
                        {
                            Interlocked.Increment(ref limited);
                        }
                        else
                        {
                            failures.Enqueue($"create answered {reply.Status}: {reply.Body}");
                        }

                        continue;
                    }

                    Interlocked.Increment(ref created);
                    var accessKey = reply.Json.GetProperty("accessKey");
                    var key = new Credentials(accessKey.GetProperty("accessKeyId").GetString()!, accessKey.GetProperty("secretAccessKey").GetString()!);
                    alive[key.AccessKeyId] = key;
                    await ExpectAsync(server, bucket, key, $"w{worker}-{i}", 200, null, "a key just created", failures);

                    // The last round of half the workers keeps its key, so that the end state is not always empty.
                    if (i == iterations - 1 && worker % 2 == 0)
                    {
                        continue;
                    }

                    await Task.Delay(random.Next(0, 3));
                    var delete = await server.Lightsail.CallAsync("DeleteBucketAccessKey", JsonSerializer.Serialize(new { bucketName = bucket, accessKeyId = key.AccessKeyId }));
                    if (delete.Status != 200)
                    {
                        failures.Enqueue($"delete of {key.AccessKeyId} answered {delete.Status}: {delete.Body}");
                        continue;
                    }

                    alive.TryRemove(key.AccessKeyId, out _);
                    deleted[key.AccessKeyId] = key;
                    await ExpectAsync(server, bucket, key, $"w{worker}-{i}-after", 403, "InvalidAccessKeyId", "a key just deleted", failures);
                }
            }
        })).ToList();

        await Task.WhenAll(workers);
        await done.CancelAsync();
        await observer;

        var remaining = await ListKeysAsync(server, bucket);
        Assert.Equal(alive.Keys.Order(), remaining.Order());
        foreach (var key in alive.Values)
        {
            await ExpectAsync(server, bucket, key, "end-" + key.AccessKeyId, 200, null, "a key left at the end", failures);
        }

        foreach (var key in deleted.Values.Take(50))
        {
            await ExpectAsync(server, bucket, key, "end-" + key.AccessKeyId, 403, "InvalidAccessKeyId", "a key deleted earlier", failures);
        }

        output.WriteLine($"{BatteryMode.Replay(seed)}: {created} keys created, {deleted.Count} deleted, {limited} creates refused at the limit, most keys seen at once {mostSeen}, {failures.Count} failures");
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(20)));
        Assert.True(created > Workers, $"only {created} keys were created: the race did not happen");
        Assert.Empty(server.UnexpectedFailures());
    }

    private static bool IsLimitExceeded(LightsailReply reply) =>
        reply.Status != 200 && reply.Json.GetProperty("code").GetString() == "AccessKeyLimitExceeded";

    private static async Task<List<string>> ListKeysAsync(BatteryServer server, string bucket)
    {
        var keys = await server.Lightsail.CallOkAsync("GetBucketAccessKeys", JsonSerializer.Serialize(new { bucketName = bucket }));
        return keys.GetProperty("accessKeys").EnumerateArray().Select(k => k.GetProperty("accessKeyId").GetString()!).ToList();
    }

    private static async Task ExpectAsync(BatteryServer server, string bucket, Credentials key, string objectKey, int status, string? code, string what, ConcurrentQueue<string> failures)
    {
        var reply = await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, objectKey), key, Encoding.ASCII.GetBytes(objectKey));
        if (reply.Status != status || (code is not null && reply.ErrorCode != code))
        {
            failures.Enqueue($"{what} ({key.AccessKeyId}) answered {reply.Status} {reply.Text}; expected {status} {code}");
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
