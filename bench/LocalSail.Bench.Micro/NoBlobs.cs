using LocalSail.Server.Objects;

namespace LocalSail.Bench.Micro;

/// <summary>A blob store for benchmarks of metadata alone: no blob is ever written, read or removed.</summary>
internal sealed class NoBlobs : IBlobStore
{
    public IBlobWriter CreateWriter(string bucketId) => throw new NotSupportedException();

    public ValueTask<Stream?> OpenReadAsync(string bucketId, string blob, long offset, long length, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public ValueTask DeleteAsync(string bucketId, string blob, CancellationToken cancellationToken) => throw new NotSupportedException();

    public ValueTask DeleteBucketAsync(string bucketId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public IAsyncEnumerable<StoredBlob> EnumerateAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}
