using LocalSail.Server.Storage;
using LocalSail.Server.Storage.Objects;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalSail.Server.Tests.Storage.Objects;

public sealed class FileSystemBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "localsail-blobs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LeftoversFromACrashAreRemovedAtStart()
    {
        var layout = StorageLayout.Persistent(_root);
        File.WriteAllText(Path.Combine(layout.TemporaryDirectory, "half-written"), "partial");
        _ = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);
        Assert.Empty(Directory.EnumerateFiles(layout.TemporaryDirectory));
    }

    [Fact]
    public async Task CommitMovesTheTemporaryFileIntoPlaceAndDisposeWithoutCommitDropsIt()
    {
        var layout = StorageLayout.Persistent(_root);
        var store = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);

        string name;
        await using (var writer = store.CreateWriter("bucket-1"))
        {
            writer.Stream.Write("bytes"u8);
            name = await writer.CommitAsync(CancellationToken.None);
        }

        Assert.Equal("bytes", File.ReadAllText(store.PathOf("bucket-1", name)));
        Assert.Empty(Directory.EnumerateFiles(layout.TemporaryDirectory));

        await using (var abandoned = store.CreateWriter("bucket-1"))
        {
            abandoned.Stream.Write("never"u8);
        }

        Assert.Empty(Directory.EnumerateFiles(layout.TemporaryDirectory));

        await store.DeleteBucketAsync("bucket-1", CancellationToken.None);
        Assert.False(File.Exists(store.PathOf("bucket-1", name)));
    }

    [Fact]
    public async Task An_upload_another_process_is_still_receiving_is_left_alone_at_start()
    {
        var layout = StorageLayout.Persistent(_root);
        var receiving = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);
        await using var writer = receiving.CreateWriter("bucket-1");
        writer.Stream.Write("still arriving"u8);
        File.WriteAllText(Path.Combine(layout.TemporaryDirectory, "abandoned"), "partial");

        // Another node starts on the same directory while the upload is in progress.
        _ = new FileSystemBlobStore(layout, NullLogger<FileSystemBlobStore>.Instance);

        Assert.Single(Directory.EnumerateFiles(layout.TemporaryDirectory));
        var name = await writer.CommitAsync(CancellationToken.None);
        Assert.Equal("still arriving", File.ReadAllText(receiving.PathOf("bucket-1", name)));
    }
}
