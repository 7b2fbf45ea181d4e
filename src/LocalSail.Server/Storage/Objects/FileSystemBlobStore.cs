using System.Runtime.CompilerServices;
using LocalSail.Server.Objects;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Blobs as files: <c>objects/&lt;bucket id&gt;/&lt;2 hex&gt;/&lt;uuid&gt;</c>. A blob is written to a temporary file on the
/// same file system, flushed and renamed into place (the rename is atomic), and the directory entry synced
/// before the commit returns; leftovers from a crash are removed at start. It offers its files themselves
/// (<see cref="ILocalBlobFiles"/>) for GetObject to read from.
/// </summary>
internal sealed class FileSystemBlobStore : IBlobStore, ILocalBlobFiles
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
            if (TryDeleteAbandoned(leftover))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            logger.LogInformation("Removed {Count} unfinished upload file(s) left from an earlier run.", removed);
        }
    }

    public IBlobWriter CreateWriter(string bucketId)
    {
        var path = Path.Combine(_layout.TemporaryDirectory, Guid.NewGuid().ToString("N"));
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, WriteBufferSize, FileOptions.Asynchronous);
        return new FileBlobWriter(this, bucketId, path, stream);
    }

    public ValueTask<Stream?> OpenReadAsync(string bucketId, string blob, long offset, long length, CancellationToken cancellationToken)
    {
        var handle = OpenFile(bucketId, blob);
        return new ValueTask<Stream?>(handle is null ? null : new FileRangeStream(handle, offset, length));
    }

    public SafeFileHandle? OpenFile(string bucketId, string blob)
    {
        try
        {
            // Shared for delete: an overwrite may remove the blob while it is being read; the open file stays readable.
            return File.OpenHandle(PathOf(bucketId, blob), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public ValueTask DeleteAsync(string bucketId, string blob, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(PathOf(bucketId, blob));
        }
        catch (DirectoryNotFoundException)
        {
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteBucketAsync(string bucketId, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(_layout.ObjectsDirectory, bucketId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var bucket in Directory.EnumerateDirectories(_layout.ObjectsDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(bucket, "*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new StoredBlob(Path.GetFileName(bucket), Path.GetFileName(file), File.GetLastWriteTimeUtc(file));
            }
        }
    }

    /// <summary>
    /// Removes a temporary file unless a writer still holds it: every writer keeps its file open with an exclusive
    /// lock (<see cref="FileShare.None"/> takes one on Unix), so when other processes share the directory, the
    /// uploads they are receiving are left alone and only those of a process that is gone are removed.
    /// </summary>
    private static bool TryDeleteAbandoned(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1))
            {
                File.Delete(path);
            }

            return true;
        }
        catch (IOException)
        {
            // Held by a writer, or already gone.
            return false;
        }
    }

    /// <summary>The file of a committed blob (whether or not it exists).</summary>
    public string PathOf(string bucketId, string blob) =>
        Path.Combine(_layout.ObjectsDirectory, bucketId, blob[..2], blob);

    private string Commit(string bucketId, string temporaryPath, FileStream stream)
    {
        if (_durable)
        {
            stream.Flush(flushToDisk: true);
        }

        stream.Dispose();
        var name = Guid.NewGuid().ToString("N");
        var target = PathOf(bucketId, name);
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        File.Move(temporaryPath, target);
        if (_durable)
        {
            SyncDirectory(directory);
        }

        return name;
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

    /// <summary>A temporary file being written; disposing it without committing removes it.</summary>
    private sealed class FileBlobWriter(FileSystemBlobStore store, string bucketId, string temporaryPath, FileStream stream) : IBlobWriter
    {
        private bool _committed;

        public Stream Stream => stream;

        public ValueTask<string> CommitAsync(CancellationToken cancellationToken)
        {
            var name = store.Commit(bucketId, temporaryPath, stream);
            _committed = true;
            return new ValueTask<string>(name);
        }

        public ValueTask DisposeAsync()
        {
            stream.Dispose();
            if (!_committed)
            {
                try
                {
                    File.Delete(temporaryPath);
                }
                catch (IOException)
                {
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A range of an open file, read at its offsets without moving a shared position or buffering.</summary>
    private sealed class FileRangeStream(SafeFileHandle handle, long offset, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = RandomAccess.Read(handle, buffer[..Want(buffer.Length)], offset + _position);
            _position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer[..Want(buffer.Length)], offset + _position, cancellationToken);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Want(int room) => (int)Math.Min(room, length - _position);
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
