using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace LocalSail.Server.Tests.Reliability.Crash;

/// <summary>
/// <c>kill -9</c> of the server process while it works, then a restart on the same data directory: every
/// acknowledged write is there byte for byte, nothing is torn, no file or row is left that nothing refers
/// to, and a force-delete in flight leaves its bucket whole or gone, never half.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class KillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Acknowledged_writes_survive_kill_9_during_writes_key_churn_and_force_deletes()
    {
        var kills = BatteryMode.Scale(bounded: 3, @long: 24);
        var seed = BatteryMode.Seed;
        var random = new Random(seed);
        var directory = Path.Combine(Path.GetTempPath(), "localsail-kill-" + Guid.NewGuid().ToString("N"));
        var server = await BatteryServer.StartAsync(directory);
        try
        {
            var workload = new MixedWorkload(seed);
            await workload.SetUpAsync(server);
            var orphans = 0;
            var unexpected = new List<string>();
            for (var kill = 1; kill <= kills; kill++)
            {
                using var crash = new CancellationTokenSource();
                var running = workload.RunAsync(server, crash.Token);
                await Task.Delay(random.Next(300, 1500));
                await crash.CancelAsync();
                server.Process.Kill();
                await running;
                unexpected.AddRange(server.UnexpectedFailures());

                var restarted = await server.RestartAsync();
                await server.DisposeAsync();
                server = restarted;
                await workload.VerifyAsync(server);
                var audit = await StorageAudit.WhenCleanAsync(server.DataDirectory);
                orphans += audit.OrphanFiles.Count + audit.OrphanRows.Count + audit.TemporaryFiles.Count;
                Assert.True(audit.IsClean, $"after kill {kill} ({BatteryMode.Replay(seed)}): {audit}");
            }

            // And a clean stop (Ctrl-C) in the middle of the same work keeps and leaves the same.
            using (var stop = new CancellationTokenSource())
            {
                var running = workload.RunAsync(server, stop.Token);
                await Task.Delay(random.Next(300, 1500));
                await stop.CancelAsync();
                Assert.True(await server.Process.StopAsync(), "the server did not stop on Ctrl-C");
                await running;
                unexpected.AddRange(server.UnexpectedFailures());
                var restarted = await server.RestartAsync();
                await server.DisposeAsync();
                server = restarted;
                await workload.VerifyAsync(server);
                var audit = await StorageAudit.WhenCleanAsync(server.DataDirectory);
                Assert.True(audit.IsClean, $"after a clean stop ({BatteryMode.Replay(seed)}): {audit}");
            }

            unexpected.AddRange(server.UnexpectedFailures());
            output.WriteLine(
                $"{BatteryMode.Replay(seed)}: {kills} kills and a clean stop, {workload.AcknowledgedWrites} acknowledged writes, {workload.Lost} lost, {workload.Torn} torn, " +
                $"{orphans} orphan files or rows; {workload.Failures.Count} failures");
            Assert.True(workload.Failures.Count == 0, string.Join('\n', workload.Failures.Take(20)));
            Assert.True(unexpected.Count == 0, string.Join('\n', unexpected.Take(10)));
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    public enum Moment
    {
        /// <summary>A few milliseconds (seeded) after the delete was sent.</summary>
        AfterADelay,

        /// <summary>As soon as the bucket's row is gone from the database.</summary>
        WhenTheRowIsGone,

        /// <summary>As soon as the first of its object files is gone.</summary>
        WhenTheFirstFileIsGone,
    }

    [Fact]
    public async Task A_force_delete_killed_at_any_moment_leaves_the_bucket_whole_or_gone_and_nothing_behind()
    {
        var kills = BatteryMode.Scale(bounded: 3, @long: 24);
        var seed = BatteryMode.Seed;
        var random = new Random(seed);
        var directory = Path.Combine(Path.GetTempPath(), "localsail-kill-" + Guid.NewGuid().ToString("N"));
        var server = await BatteryServer.StartAsync(directory);
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>();
        try
        {
            for (var kill = 0; kill < kills; kill++)
            {
                var moment = (Moment)(kill % 3);
                var bucket = await server.CreateBucketAsync($"doomed-{kill}");
                var objects = Enumerable.Range(0, 50).ToDictionary(i => $"o{i}", i =>
                {
                    var data = new byte[i < 20 ? 70_000 + i : 1000 + i];
                    random.NextBytes(data);
                    return data;
                });
                await Task.WhenAll(objects.Select(async o =>
                    Assert.Equal(200, (await server.S3.SendAsync(HttpMethod.Put, server.ObjectUrl(bucket, o.Key), LocalSail.Testing.ServerProcess.RootCredentials, o.Value)).Status)));
                string bucketId;
                using (var database = OpenDatabase(server.DataDirectory))
                {
                    bucketId = BucketId(database, bucket)!;
                }

                var files = Directory.GetFiles(Path.Combine(server.DataDirectory, "objects", bucketId), "*", SearchOption.AllDirectories);

                var delete = server.Lightsail.CallAsync("DeleteBucket", JsonSerializer.Serialize(new { bucketName = bucket, forceDelete = true }));
                switch (moment)
                {
                    case Moment.AfterADelay:
                        await Task.Delay(random.Next(0, 40));
                        break;
                    case Moment.WhenTheRowIsGone:
                        using (var database = OpenDatabase(server.DataDirectory))
                        {
                            await WaitForAsync(delete, () => BucketId(database, bucket) is null);
                        }

                        break;
                    default:
                        await WaitForAsync(delete, () => files.Any(f => !File.Exists(f)));
                        break;
                }

                server.Process.Kill();
                var acknowledged = await delete.ContinueWith(t => t.IsCompletedSuccessfully && t.Result.Status == 200, TaskScheduler.Default);
                var restarted = await server.RestartAsync();
                await server.DisposeAsync();
                server = restarted;

                var found = await server.Lightsail.CallAsync("GetBuckets", JsonSerializer.Serialize(new { bucketName = bucket }));
                var outcome = found.Status == 200 ? "whole" : "gone";
                if (found.Status == 200)
                {
                    if (acknowledged)
                    {
                        failures.Add($"kill {kill} ({moment}): {bucket} was acknowledged deleted but is still there");
                    }

                    foreach (var (key, data) in objects)
                    {
                        var read = await server.S3.SendAsync(HttpMethod.Get, server.ObjectUrl(bucket, key), LocalSail.Testing.ServerProcess.RootCredentials);
                        if (read.Status != 200 || !read.Body.AsSpan().SequenceEqual(data))
                        {
                            outcome = "half";
                            failures.Add($"kill {kill} ({moment}): {bucket} is still there but {key} answered {read.Status} with {read.Body.Length} bytes");
                        }
                    }

                    Assert.Equal(200, (await server.Lightsail.CallAsync("DeleteBucket", JsonSerializer.Serialize(new { bucketName = bucket, forceDelete = true }))).Status);
                }
                else if (found.ErrorType != "NotFoundException")
                {
                    failures.Add($"kill {kill} ({moment}): GetBuckets answered {found.Status} {found.Body}");
                }

                var audit = await StorageAudit.WhenCleanAsync(server.DataDirectory);
                if (!audit.IsClean)
                {
                    outcome += " with leftovers";
                    failures.Add($"kill {kill} ({moment}, {outcome}): {audit}");
                }

                var label = $"{moment}: {outcome}";
                outcomes[label] = outcomes.GetValueOrDefault(label) + 1;
            }

            output.WriteLine($"{BatteryMode.Replay(seed)}: {kills} kills during a force-delete: {string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}"))}; {failures.Count} failures");
            Assert.True(failures.Count == 0, string.Join('\n', failures));
            Assert.Empty(server.UnexpectedFailures());
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, or the call it watches has finished (the moment was missed).</summary>
    private static async Task WaitForAsync(Task call, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && !call.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }
    }

    /// <summary>The server's database, read beside it (SQLite's WAL lets a reader in while it writes).</summary>
    private static SqliteConnection OpenDatabase(string dataDirectory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "localsail.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The bucket's id as the database holds it now; null once its row is gone.</summary>
    private static string? BucketId(SqliteConnection connection, string bucket)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM buckets WHERE name = $name";
        command.Parameters.AddWithValue("$name", bucket);
        return command.ExecuteScalar() as string;
    }
}
