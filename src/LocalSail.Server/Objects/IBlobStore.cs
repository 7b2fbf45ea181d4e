using LocalSail.Server.Objects.Encryption;
using Microsoft.Win32.SafeHandles;

namespace LocalSail.Server.Objects;

/// <summary>
/// Object bytes, apart from their metadata: a blob is written once through a writer, committed durably, read
/// by range and deleted; it never changes. Nothing here assumes local files, so a store may keep the bytes in
/// another object store. Blob names are the store's to choose.
/// </summary>
/// <remarks>
/// Bytes are committed before the metadata that makes them visible, so a crash between the two leaves a
/// blob nothing refers to, which <see cref="Storage.Objects.OrphanBlobSweeper"/> removes.
/// </remarks>
internal interface IBlobStore
{
    /// <summary>A new blob of the bucket to stream bytes into; disposing it without committing discards it.</summary>
    IBlobWriter CreateWriter(string bucketId);

    /// <summary>A stream of <paramref name="length"/> bytes of a committed blob from <paramref name="offset"/>; null when there is no such blob.</summary>
    ValueTask<Stream?> OpenReadAsync(string bucketId, string blob, long offset, long length, CancellationToken cancellationToken);

    /// <summary>
    /// A new blob whose bytes are encrypted under <paramref name="key"/> as they are written, into one segment
    /// (<see cref="SegmentFormat"/>). Any store can: the bytes it is given are already encrypted.
    /// </summary>
    IBlobWriter CreateWriter(string bucketId, DataKey key) => new EncryptingBlobWriter(CreateWriter(bucketId), key);

    /// <summary>
    /// <paramref name="length"/> plaintext bytes from <paramref name="offset"/> of an encrypted blob whose segments
    /// hold <paramref name="segmentLengths"/> plaintext bytes; null when there is no such blob. Only the chunks
    /// the range covers are read.
    /// </summary>
    async ValueTask<Stream?> OpenDecryptedAsync(
        string bucketId, string blob, IReadOnlyList<long> segmentLengths, DataKey key, long offset, long length, CancellationToken cancellationToken)
    {
        // The header is read first, so a missing blob is null here rather than an error mid-answer.
        await using var probe = await OpenReadAsync(bucketId, blob, 0, SegmentFormat.HeaderSize, cancellationToken);
        return probe is null
            ? null
            : new DecryptingStream((o, l, c) => OpenReadAsync(bucketId, blob, o, l, c), segmentLengths, key, offset, length);
    }

    /// <summary>Removes a blob; nothing when it is already gone.</summary>
    ValueTask DeleteAsync(string bucketId, string blob, CancellationToken cancellationToken);

    /// <summary>Removes every blob of a bucket.</summary>
    ValueTask DeleteBucketAsync(string bucketId, CancellationToken cancellationToken);

    /// <summary>Every committed blob, with its bucket and when it was written (for the sweep of orphans).</summary>
    IAsyncEnumerable<StoredBlob> EnumerateAsync(CancellationToken cancellationToken);
}

/// <summary>A blob being written.</summary>
internal interface IBlobWriter : IAsyncDisposable
{
    /// <summary>Where the bytes go.</summary>
    Stream Stream { get; }

    /// <summary>Makes the bytes durable and the blob readable; its name. Only then may metadata refer to it.</summary>
    ValueTask<string> CommitAsync(CancellationToken cancellationToken);
}

/// <summary>A committed blob, as the orphan sweep sees it.</summary>
internal readonly record struct StoredBlob(string BucketId, string Blob, DateTime WrittenUtc);

/// <summary>
/// What a blob store that keeps each blob in a local file can offer besides <see cref="IBlobStore"/>: the file
/// itself, so that GetObject reads it straight into the response's buffers rather than through a stream.
/// A store without local files does not implement it, and reads go through <see cref="IBlobStore.OpenReadAsync"/>.
/// </summary>
internal interface ILocalBlobFiles
{
    /// <summary>The committed blob's file, opened for reading at any offset; null when there is no such blob.</summary>
    SafeFileHandle? OpenFile(string bucketId, string blob);
}
