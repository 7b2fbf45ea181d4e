using System.Text.Json;
using LocalSail.Server.Storage.Objects;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.DataPlane.EndToEnd;

/// <summary>Objects survive a restart; bytes a crash left behind (temporary or unreferenced files) are removed at start.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "localsail-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Objects_survive_and_crash_leftovers_are_cleaned_at_start()
    {
        string bucket;
        string orphan;
        string temporary;
        // Small objects are kept inline; one past the threshold is a file, so the bucket has a directory.
        var fileBytes = new byte[LocalSail.Server.DataPlane.BlobTransfer.MaxInlineBytes + 1];
        new Random(3).NextBytes(fileBytes);
        await using (var first = await RunningServer.StartAsync(_directory))
        {
            using var lightsail = new LightsailCaller(first.Endpoint, first.RootCredentials);
            bucket = S3TestServer.UniqueBucketName("restart");
            await lightsail.CallOkAsync("CreateBucket", JsonSerializer.Serialize(new { bucketName = bucket, bundleId = "small_1_0" }));
            using var raw = new RawS3Client(first.Endpoint);
            Assert.Equal(200, (await raw.SendAsync(HttpMethod.Put, $"{first.EndpointUrl}/{bucket}/kept", first.RootCredentials, "kept bytes"u8.ToArray())).Status);
            Assert.Equal(200, (await raw.SendAsync(HttpMethod.Put, $"{first.EndpointUrl}/{bucket}/kept-file", first.RootCredentials, fileBytes)).Status);

            // What a crash would leave: a half-received upload and bytes renamed into place but never committed.
            var bucketDirectory = Directory.GetDirectories(Path.Combine(_directory, "objects")).Single();
            orphan = Path.Combine(bucketDirectory, "ab", "ab" + Guid.NewGuid().ToString("N")[2..]);
            Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
            await File.WriteAllTextAsync(orphan, "never committed");
            File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow.AddMinutes(-5));
            temporary = Path.Combine(_directory, "tmp", Guid.NewGuid().ToString("N"));
            await File.WriteAllTextAsync(temporary, "half");
        }

        await using var second = await RunningServer.StartAsync(_directory);
        await second.GetService<OrphanBlobSweeper>().Completed;
        Assert.False(File.Exists(temporary));
        Assert.False(File.Exists(orphan));
        using var client = new RawS3Client(second.Endpoint);
        Assert.Equal("kept bytes", (await client.SendAsync(HttpMethod.Get, $"{second.EndpointUrl}/{bucket}/kept", second.RootCredentials)).Text);
        Assert.Equal(fileBytes, (await client.SendAsync(HttpMethod.Get, $"{second.EndpointUrl}/{bucket}/kept-file", second.RootCredentials)).Body);
    }
}
