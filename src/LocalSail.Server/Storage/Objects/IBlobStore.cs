namespace LocalSail.Server.Storage.Objects;

/// <summary>
/// Object bytes on disk. New bytes go to a temporary file that is flushed and renamed into place before
/// the metadata that makes them visible is committed; a blob is never changed once committed.
/// </summary>
public interface IBlobStore
{
    /// <summary>A new temporary file to receive bytes.</summary>
    BlobWriter CreateTemporary();

    /// <summary>Flushes the temporary file to disk and renames it into the bucket's blobs; returns its name.</summary>
    string Commit(BlobWriter writer, string bucketId);

    /// <summary>The file holding a committed blob.</summary>
    string PathOf(string bucketId, string blob);

    void Delete(string bucketId, string blob);

    /// <summary>Removes every blob of a bucket.</summary>
    void DeleteBucket(string bucketId);

    /// <summary>Every committed blob with its bucket and when it was written (for the sweep of orphans at start).</summary>
    IEnumerable<(string BucketId, string Blob, DateTime WrittenUtc)> EnumerateCommitted();
}

/// <summary>A temporary file being written. Disposing it without committing removes it.</summary>
public sealed class BlobWriter(string path, FileStream stream) : IDisposable
{
    public string TemporaryPath { get; } = path;

    public FileStream Stream { get; } = stream;

    public bool Committed { get; internal set; }

    public void Dispose()
    {
        Stream.Dispose();
        if (!Committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
            }
        }
    }
}
