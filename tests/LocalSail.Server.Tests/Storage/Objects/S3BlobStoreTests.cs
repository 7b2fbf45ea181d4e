using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using LocalSail.Server.Objects;
using LocalSail.Server.Storage.Objects;
using LocalSail.Testing;

namespace LocalSail.Server.Tests.Storage.Objects;

/// <summary>The S3 blob backend against a real S3-compatible server (moto's): bytes stream both ways, large blobs go up in parts.</summary>
public sealed class S3BlobStoreTests : IAsyncLifetime
{
    private readonly string _bucket = "blobs-" + Guid.NewGuid().ToString("N")[..12];
    private AmazonS3Client _client = null!;
    private S3BlobStore _store = null!;

    public async Task InitializeAsync()
    {
        var moto = await MotoServer.GetAsync();
        _client = new AmazonS3Client(
            new BasicAWSCredentials("testing", "testing"),
            new AmazonS3Config { ServiceURL = moto.EndpointUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await _client.PutBucketAsync(_bucket);
        _store = new S3BlobStore(_client, _bucket, "nodes/");
    }

    public Task DisposeAsync()
    {
        _client.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> WriteAsync(string bucketId, byte[] bytes, int chunk)
    {
        await using var writer = _store.CreateWriter(bucketId);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await writer.Stream.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        return await writer.CommitAsync(CancellationToken.None);
    }

    private async Task<byte[]?> ReadAsync(string bucketId, string blob, long offset, long length)
    {
        await using var stream = await _store.OpenReadAsync(bucketId, blob, offset, length, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_small_blob_is_one_object_read_back_by_range()
    {
        var bytes = RandomNumberGenerator.GetBytes(100_000);
        var blob = await WriteAsync("bucket-a", bytes, 4096);

        Assert.Equal(bytes, await ReadAsync("bucket-a", blob, 0, bytes.Length));
        Assert.Equal(bytes[1000..1010], await ReadAsync("bucket-a", blob, 1000, 10));
        Assert.Equal(Array.Empty<byte>(), await ReadAsync("bucket-a", blob, 0, 0));
        var stored = await _client.GetObjectMetadataAsync(_bucket, $"nodes/bucket-a/{blob}");
        Assert.Equal(bytes.Length, stored.ContentLength);
        Assert.DoesNotContain("-", stored.ETag);
    }

    [Fact]
    public async Task A_blob_larger_than_a_part_goes_up_in_parts_as_it_is_written()
    {
        var bytes = RandomNumberGenerator.GetBytes((2 * S3BlobStore.PartSize) + 12345);
        var blob = await WriteAsync("bucket-b", bytes, 1024 * 1024);

        var stored = await _client.GetObjectMetadataAsync(_bucket, $"nodes/bucket-b/{blob}");
        Assert.EndsWith("-3\"", stored.ETag);
        Assert.Equal(bytes, await ReadAsync("bucket-b", blob, 0, bytes.Length));
        var across = S3BlobStore.PartSize - 5;
        Assert.Equal(bytes[across..(across + 10)], await ReadAsync("bucket-b", blob, across, 10));
    }

    [Fact]
    public async Task An_uncommitted_blob_leaves_nothing_and_a_missing_one_reads_as_absent()
    {
        await using (var writer = _store.CreateWriter("bucket-c"))
        {
            await writer.Stream.WriteAsync(RandomNumberGenerator.GetBytes(S3BlobStore.PartSize + 1));
        }

        var uploads = await _client.ListMultipartUploadsAsync(_bucket);
        Assert.Empty(uploads.MultipartUploads ?? []);
        Assert.Empty(await _store.EnumerateAsync(CancellationToken.None).Where(b => b.BucketId == "bucket-c").ToListAsync());
        Assert.Null(await ReadAsync("bucket-c", "absent", 0, 5));
        Assert.Null(await ReadAsync("bucket-c", "absent", 0, 0));
    }

    [Fact]
    public async Task Blobs_are_listed_deleted_one_by_one_and_by_bucket()
    {
        var first = await WriteAsync("bucket-d", [1, 2, 3], 3);
        var second = await WriteAsync("bucket-d", [4], 1);
        var other = await WriteAsync("bucket-e", [5], 1);

        var listed = await _store.EnumerateAsync(CancellationToken.None).ToListAsync();
        // Blob names are random: compared as sets, in one order.
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), listed.Where(b => b.BucketId == "bucket-d").Select(b => b.Blob).Order(StringComparer.Ordinal));
        Assert.All(listed, b => Assert.True(b.WrittenUtc > DateTime.UtcNow.AddHours(-1)));

        await _store.DeleteAsync("bucket-d", first, CancellationToken.None);
        Assert.Null(await ReadAsync("bucket-d", first, 0, 3));
        await _store.DeleteBucketAsync("bucket-d", CancellationToken.None);
        Assert.Null(await ReadAsync("bucket-d", second, 0, 1));
        Assert.Equal(new byte[] { 5 }, await ReadAsync("bucket-e", other, 0, 1));
    }
}
