using System.Runtime.CompilerServices;
using LocalSail.Server.DataPlane;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Blobs as files: <c>objects/&lt;bucket id&gt;/&lt;2 hex&gt;/&lt;uuid&gt;</c>. A blob is written under its final name and
/// flushed to disk before the commit returns; nothing refers to it until its metadata is committed, so a blob
/// being written is never read, and one left by a crash is removed by <see cref="OrphanBlobSweeper"/>. It offers
/// its files themselves (<see cref="ILocalBlobFiles"/>) for GetObject to read from.
/// </summary>
/// <remarks>
/// A durable blob costs one write and one flush of its file. On Linux that flush also makes the new file's
/// name durable: the journal commit it forces carries the file's creation (ext4, XFS; btrfs logs the name with
/// the inode), and ext4 without a journal syncs a new file's parent directory itself. A rename into place would
/// not be covered, and a flush of the directory besides cost as much again as the file's own, which is why
/// blobs are not written to a temporary name. Elsewhere the directory is flushed as well.
/// </remarks>
internal sealed class FileSystemBlobStore : IBlobStore, ILocalBlobFiles
{
    private readonly StorageLayout _layout;
    private readonly bool _durable;
    private readonly DiskFlusher _flusher = new();

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
            logger.LogInformation("Removed {Count} scratch file(s) left from an earlier run.", removed);
        }
    }

    public IBlobWriter CreateWriter(string bucketId)
    {
        var name = Guid.NewGuid().ToString("N");
        var path = PathOf(bucketId, name);
        var directory = Path.GetDirectoryName(path)!;
        var newDirectory = !Directory.Exists(directory);
        if (newDirectory)
        {
            Directory.CreateDirectory(directory);
        }

        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        return new FileBlobWriter(this, name, path, handle, newDirectory);
    }

    public ValueTask<Stream?> OpenReadAsync(string bucketId, string blob, long offset, long length, CancellationToken cancellationToken)
    {
        var handle = OpenFile(bucketId, blob);
        return new ValueTask<Stream?>(handle is null ? null : new FileRangeStream(handle, offset, length));
    }

    /// <summary>One open file serves every range the decryption reads.</summary>
    public ValueTask<Stream?> OpenDecryptedAsync(
        string bucketId, string blob, IReadOnlyList<long> segmentLengths, DataKey key, long offset, long length, CancellationToken cancellationToken)
    {
        var handle = OpenFile(bucketId, blob);
        if (handle is null)
        {
            return new ValueTask<Stream?>((Stream?)null);
        }

        return new ValueTask<Stream?>(new DecryptingStream(
            (o, l, _) => new ValueTask<Stream?>(new FileRangeStream(handle, o, l, ownsHandle: false)), segmentLengths, key, offset, length, owned: handle));
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

    // Runs on a flush thread: the file's bytes, and the directories whose new entries its flush may not cover.
    private void Flush(SafeFileHandle handle, string path, bool newDirectory)
    {
        RandomAccess.FlushToDisk(handle);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = Path.GetDirectoryName(path)!;
        if (!OperatingSystem.IsLinux())
        {
            SyncDirectory(directory);
        }

        if (newDirectory)
        {
            // The shard directory's entry in the bucket's, and the bucket's in objects/ (rare: once per directory).
            var bucketDirectory = Path.GetDirectoryName(directory)!;
            SyncDirectory(bucketDirectory);
            SyncDirectory(Path.GetDirectoryName(bucketDirectory)!);
        }
    }

    private static void SyncDirectory(string directory)
    {
        var fd = NativeMethods.open(directory, NativeMethods.ORdOnly);
        if (fd >= 0)
        {
            NativeMethods.fsync(fd);
            NativeMethods.close(fd);
        }
    }

    /// <summary>A new blob's file being written; disposing it without committing removes it.</summary>
    private sealed class FileBlobWriter(FileSystemBlobStore store, string name, string path, SafeFileHandle handle, bool newDirectory) : IBlobWriter
    {
        private readonly AppendOnlyFileStream _stream = new(handle);
        private bool _committed;

        public Stream Stream => _stream;

        public async ValueTask<string> CommitAsync(CancellationToken cancellationToken)
        {
            if (store._durable)
            {
                await store._flusher.RunAsync(() => store.Flush(handle, path, newDirectory));
            }

            handle.Dispose();
            _committed = true;
            return name;
        }

        public ValueTask DisposeAsync()
        {
            handle.Dispose();
            if (!_committed)
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                }
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// Appends to a new file with plain synchronous writes: they copy into the page cache and do not wait for the
    /// disk (the flush at commit does), so they need no hand-off to another thread as asynchronous file writes do.
    /// </summary>
    private sealed class AppendOnlyFileStream(SafeFileHandle handle) : WriteOnlyStream
    {
        private long _length;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            RandomAccess.Write(handle, buffer, _length);
            _length += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

    }

    /// <summary>A range of an open file, read at its offsets without moving a shared position or buffering.</summary>
    private sealed class FileRangeStream(SafeFileHandle handle, long offset, long length, bool ownsHandle = true) : Stream
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

        // Read synchronously, as the plaintext fast path reads: the handle is not opened for asynchronous I/O, so an
        // asynchronous read would be a thread-pool hop per call for what is almost always a page-cache copy.
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
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
            if (disposing && ownsHandle)
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
