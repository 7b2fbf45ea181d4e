using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Objects;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "localsail-blobs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Leftovers_from_a_crash_are_removed_at_start()
    {
        var layout = StorageLayout.Persistent(_root);
        File.WriteAllText(Path.Combine(layout.TemporaryDirectory, "half-written"), "partial");
        _ = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);
        Assert.Empty(Directory.EnumerateFiles(layout.TemporaryDirectory));
    }

    [Fact]
    public async Task A_committed_blob_is_read_back_and_one_disposed_without_commit_leaves_no_file()
    {
        var layout = StorageLayout.Persistent(_root);
        var store = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);

        string name;
        await using (var writer = store.CreateWriter("bucket-1"))
        {
            writer.Stream.Write("by"u8);
            await writer.Stream.WriteAsync("tes"u8.ToArray());
            name = await writer.CommitAsync(CancellationToken.None);
        }

        Assert.Equal("bytes", File.ReadAllText(store.PathOf("bucket-1", name)));

        await using (var abandoned = store.CreateWriter("bucket-1"))
        {
            abandoned.Stream.Write("never"u8);
        }

        Assert.Equal([store.PathOf("bucket-1", name)], Directory.EnumerateFiles(layout.ObjectsDirectory, "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(layout.TemporaryDirectory));

        await store.DeleteBucketAsync("bucket-1", CancellationToken.None);
        Assert.False(File.Exists(store.PathOf("bucket-1", name)));
    }

    [Fact]
    public async Task Concurrent_commits_all_complete()
    {
        // More writers than flush threads: every commit still completes, each blob whole.
        var store = new FileSystemBlobStore(StorageLayout.Persistent(_root), NullLogger<FileSystemBlobStore>.Instance);
        var names = await Task.WhenAll(Enumerable.Range(0, 3 * DiskFlusher.MaxThreads).Select(async i =>
        {
            await using var writer = store.CreateWriter("bucket-1");
            await writer.Stream.WriteAsync(new byte[1000 + i]);
            return (i, await writer.CommitAsync(CancellationToken.None));
        }));

        Assert.All(names, n => Assert.Equal(1000 + n.i, new FileInfo(store.PathOf("bucket-1", n.Item2)).Length));
    }

    [Fact]
    public async Task An_upload_another_process_is_still_receiving_is_left_alone_at_start()
    {
        var layout = StorageLayout.Persistent(_root);
        var receiving = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);
        await using var writer = receiving.CreateWriter("bucket-1");
        writer.Stream.Write("still arriving"u8);
        File.WriteAllText(Path.Combine(layout.TemporaryDirectory, "abandoned"), "partial");

        // Another node starts on the same directory while the upload is in progress: scratch files an earlier run
        // left go, the upload being received (under its final name) is not touched.
        _ = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);

        Assert.Empty(Directory.EnumerateFiles(layout.TemporaryDirectory));
        var name = await writer.CommitAsync(CancellationToken.None);
        Assert.Equal("still arriving", File.ReadAllText(receiving.PathOf("bucket-1", name)));
    }
}
