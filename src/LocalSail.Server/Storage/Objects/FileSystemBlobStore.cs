using Microsoft.Extensions.Logging;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Blobs as files: <c>objects/&lt;bucket id&gt;/&lt;2 hex&gt;/&lt;uuid&gt;</c>. Temporary files live on the same
/// file system so that the rename into place is atomic; leftovers from a crash are removed at start.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const int WriteBufferSize = 0;
    private readonly StorageLayout _layout;
    private readonly bool _durable;

    public FileSystemBlobStore(StorageLayout layout, ILogger<FileSystemBlobStore> logger)
    {
        _layout = layout;
        _durable = !layout.IsTemporary;
        var removed = 0;
        foreach (var leftover in Directory.EnumerateFiles(layout.TemporaryDirectory))
        {
            File.Delete(leftover);
            removed++;
        }

        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} unfinished upload file(s) left from an earlier run.", removed);
        }
    }

    public BlobWriter CreateTemporary()
    {
        var path = Path.Combine(_layout.TemporaryDirectory, Guid.NewGuid().ToString("N"));
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, WriteBufferSize, FileOptions.Asynchronous);
        return new BlobWriter(path, stream);
    }

    public string Commit(BlobWriter writer, string bucketId)
    {
        if (_durable)
        {
            writer.Stream.Flush(flushToDisk: true);
        }

        writer.Stream.Dispose();
        var name = Guid.NewGuid().ToString("N");
        var target = PathOf(bucketId, name);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        File.Move(writer.TemporaryPath, target);
        writer.Committed = true;
        if (_durable)
        {
            SyncDirectory(directory);
        }

        return name;
    }

    public string PathOf(string bucketId, string blob) =>
        Path.Combine(_layout.ObjectsDirectory, bucketId, blob[..2], blob);

    public void Delete(string bucketId, string blob)
    {
        try
        {
            File.Delete(PathOf(bucketId, blob));
        }
        catch (IOException)
        {
        }
    }

    public void DeleteBucket(string bucketId)
    {
        var directory = Path.Combine(_layout.ObjectsDirectory, bucketId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public IEnumerable<(string BucketId, string Blob, DateTime WrittenUtc)> EnumerateCommitted()
    {
        foreach (var bucket in Directory.EnumerateDirectories(_layout.ObjectsDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(bucket, "*", SearchOption.AllDirectories))
            {
                yield return (Path.GetFileName(bucket), Path.GetFileName(file), File.GetLastWriteTimeUtc(file));
            }
        }
    }

    // The rename is durable only once the directory entry is on disk.
    private static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = NativeMethods.open(directory, NativeMethods.ORdOnly);
        if (fd >= 0)
        {
            NativeMethods.fsync(fd);
            NativeMethods.close(fd);
        }
    }

    private static class NativeMethods
    {
        public const int ORdOnly = 0;

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int open([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path, int flags);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);
    }
}
