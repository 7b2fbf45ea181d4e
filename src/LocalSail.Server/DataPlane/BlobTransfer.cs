using System.Buffers;
using System.Security.Cryptography;
using LocalSail.Server.DataPlane.Payload;
using LocalSail.Server.Objects;
using LocalSail.Server.Objects.Encryption;

namespace LocalSail.Server.DataPlane;

/// <summary>
/// Streams bytes: a request body into a new committed blob (verified while it streams), or stored bytes into
/// a new one. A small object's bytes are received into memory instead, to be kept inline in its metadata row.
/// Nothing is kept when verification fails. Committing the object that refers to the bytes is
/// <see cref="ObjectService"/>'s. Bytes are stored encrypted under the data key they are given (inline bytes too),
/// and read back through the key of their source; bytes written before encryption (no key) are plaintext.
/// </summary>
internal sealed class BlobTransfer(IBlobStore blobs)
{
    /// <summary>The largest single PUT or part: 5 GiB.</summary>
    public const long MaxPutBytes = 5L * 1024 * 1024 * 1024;

    /// <summary>
    /// The largest object (decoded payload) kept inline in its metadata row: its PUT is then a single
    /// database commit, with no file to write, flush and rename.
    /// </summary>
    public const int MaxInlineBytes = 64 * 1024;

    private const int CopyBufferSize = 128 * 1024;

    /// <summary>Streams the request body into a new blob of the bucket, encrypted under <paramref name="key"/>; the blob name, or the payload's error.</summary>
    public async Task<(string? Blob, PayloadResult Result)> ReceiveAsync(S3RequestContext context, DataKey? key, string? defaultChecksumAlgorithm = null)
    {
        var (spec, specError) = PayloadSpec.FromRequest(context.Request, context.Signed);
        if (specError is not null)
        {
            return (null, PayloadResult.Fail(specError));
        }

        if (spec!.ChecksumAlgorithm is null && defaultChecksumAlgorithm is not null)
        {
            spec = spec with { ChecksumAlgorithm = defaultChecksumAlgorithm };
        }

        return await ReceiveIntoBlobAsync(context, spec, key);
    }

    /// <summary>
    /// Streams <paramref name="body"/> (such as a form's file), whose length is not known before it ends, as
    /// <paramref name="spec"/> says to verify it: into memory while it is small enough to be kept inline, into a new
    /// blob of the bucket once it is not. The blob is committed only when <paramref name="accept"/> has no objection
    /// to what was received. Either the blob name or the inline bytes (both null for no bytes), or the error. Stored
    /// encrypted under <paramref name="key"/>.
    /// </summary>
    public async Task<(string? Blob, byte[]? InlineData, PayloadResult Result)> ReceiveAsync(
        string bucketId, Stream body, PayloadSpec spec, long maxLength, DataKey? key, Func<PayloadResult, S3Error?> accept, CancellationToken cancellationToken)
    {
        await using var destination = new InlineOrBlob(() => CreateWriter(bucketId, key));
        var result = await PayloadReader.CopyAsync(body, spec, destination, maxLength, cancellationToken);
        if (result.Error is null && accept(result) is { } refusal)
        {
            result = PayloadResult.Fail(refusal);
        }

        if (result.Error is not null || result.Length == 0)
        {
            return (null, null, result);
        }

        return destination.Writer is null
            ? (null, Sealed(destination.Inline, key), result)
            : (await destination.Writer.CommitAsync(cancellationToken), null, result);
    }

    private async Task<(string? Blob, PayloadResult Result)> ReceiveIntoBlobAsync(S3RequestContext context, PayloadSpec spec, DataKey? key)
    {
        await using var writer = CreateWriter(context.Bucket.Id, key);
        var result = await PayloadReader.CopyAsync(context.Request.Body, spec, writer.Stream, MaxPutBytes, context.Aborted);
        if (result.Error is not null)
        {
            return (null, result);
        }

        return (await writer.CommitAsync(context.Aborted), result);
    }

    /// <summary>
    /// Streams the body of a PutObject: into memory when its decoded length is declared and at most
    /// <see cref="MaxInlineBytes"/>, otherwise into a new blob. Either the blob name or the inline bytes
    /// (both null for an empty object), or the payload's error. Stored encrypted under <paramref name="key"/>.
    /// </summary>
    public async Task<(string? Blob, byte[]? InlineData, PayloadResult Result)> ReceiveObjectAsync(S3RequestContext context, DataKey? key)
    {
        var (spec, specError) = PayloadSpec.FromRequest(context.Request, context.Signed);
        if (specError is not null)
        {
            return (null, null, PayloadResult.Fail(specError));
        }

        if (spec!.DeclaredLength is not { } declared || declared > MaxInlineBytes)
        {
            var (blob, fileResult) = await ReceiveIntoBlobAsync(context, spec, key);
            return (blob, null, fileResult);
        }

        var destination = new InlineBuffer((int)declared);
        var result = await PayloadReader.CopyAsync(context.Request.Body, spec, destination, MaxPutBytes, context.Aborted);
        if (result.Error is not null)
        {
            return (null, null, result);
        }

        return (null, Sealed(result.Length == 0 ? null : destination.Data, key), result);
    }

    /// <summary>
    /// Copies ranges of stored bytes, in order, into a new blob encrypted under <paramref name="key"/>; its MD5
    /// (empty unless <paramref name="computeMd5"/>) and checksum.
    /// </summary>
    public async Task<(string Blob, byte[] Md5, string? Checksum)> CopyAsync(
        IReadOnlyList<StoredRange> sources,
        string bucketId,
        DataKey? key,
        string? checksumAlgorithm,
        CancellationToken cancellationToken,
        bool computeMd5 = true)
    {
        await using var writer = CreateWriter(bucketId, key);
        var (md5, checksum) = await CopyIntoAsync(sources, writer.Stream, checksumAlgorithm, computeMd5, cancellationToken);
        return (await writer.CommitAsync(cancellationToken), md5, checksum);
    }

    /// <summary>
    /// Copies a range of stored bytes of at most <see cref="MaxInlineBytes"/> into memory, for an object kept
    /// inline, encrypted under <paramref name="key"/>; the bytes (null when empty), their MD5 and checksum.
    /// </summary>
    public async Task<(byte[]? InlineData, byte[] Md5, string? Checksum)> CopyInlineAsync(
        StoredRange source, DataKey? key, string? checksumAlgorithm, CancellationToken cancellationToken)
    {
        if (source.Length > MaxInlineBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(source), "The range is too large to keep inline.");
        }

        var destination = new InlineBuffer((int)source.Length);
        var (md5, checksum) = await CopyIntoAsync([source], destination, checksumAlgorithm, computeMd5: true, cancellationToken);
        return (Sealed(source.Length == 0 ? null : destination.Data, key), md5, checksum);
    }

    /// <summary>
    /// A plaintext range of an object's bytes: of its blob, or of its inline bytes, decrypted with <paramref name="key"/>
    /// (null only for an object written before encryption).
    /// </summary>
    public static StoredRange RangeOf(string bucketId, ObjectRecord record, long offset, long length, DataKey? key) =>
        record.Blob is null
            ? new StoredRange(null, null, record.InlineData ?? [], offset, length, key, record.Size)
            : StoredRange.OfBlob(bucketId, record.Blob, offset, length) with { Key = key, Segments = record.SegmentLengths };

    /// <summary>
    /// Completes a multipart upload's bytes: the parts' stored bytes one after another in a new blob. Encrypted parts
    /// are copied as they are (each is a segment under the upload's data key), so no key is needed, except to compute
    /// a full-object checksum (<paramref name="checksumAlgorithm"/>), for which <paramref name="key"/> decrypts them.
    /// The blob and that checksum.
    /// </summary>
    public async Task<(string Blob, string? Checksum)> ConcatenatePartsAsync(
        string bucketId, IReadOnlyList<PartRecord> parts, bool encrypted, DataKey? key, string? checksumAlgorithm, CancellationToken cancellationToken)
    {
        if (!encrypted)
        {
            var (plainBlob, _, plainChecksum) = await CopyAsync(
                parts.Select(p => StoredRange.OfBlob(bucketId, p.Blob, 0, p.Size)).ToList(), bucketId, null, checksumAlgorithm, cancellationToken, computeMd5: false);
            return (plainBlob, plainChecksum);
        }

        string? checksum = null;
        if (checksumAlgorithm is not null)
        {
            var plaintext = parts.Select(p => StoredRange.OfBlob(bucketId, p.Blob, 0, p.Size) with { Key = key, Segments = [p.Size] }).ToList();
            (_, checksum) = await CopyIntoAsync(plaintext, Stream.Null, checksumAlgorithm, computeMd5: false, cancellationToken);
        }

        await using var writer = blobs.CreateWriter(bucketId);
        var stored = parts.Select(p => StoredRange.OfBlob(bucketId, p.Blob, 0, SegmentFormat.StoredLength(p.Size))).ToList();
        await CopyIntoAsync(stored, writer.Stream, null, computeMd5: false, cancellationToken);
        return (await writer.CommitAsync(cancellationToken), checksum);
    }

    private IBlobWriter CreateWriter(string bucketId, DataKey? key) => key is null ? blobs.CreateWriter(bucketId) : blobs.CreateWriter(bucketId, key);

    /// <summary>Inline bytes as stored: encrypted into one segment under <paramref name="key"/>.</summary>
    private static byte[]? Sealed(byte[]? plaintext, DataKey? key) => plaintext is null || key is null ? plaintext : SegmentFormat.EncryptSegment(key, plaintext);

    private async Task<(byte[] Md5, string? Checksum)> CopyIntoAsync(
        IReadOnlyList<StoredRange> sources, Stream destination, string? checksumAlgorithm, bool computeMd5, CancellationToken cancellationToken)
    {
        using var md5 = computeMd5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        var checksum = checksumAlgorithm is null ? null : ChecksumAlgorithms.Create(checksumAlgorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            foreach (var source in sources)
            {
                // An empty object has no stored bytes at all, encrypted or not.
                if (source.Length == 0)
                {
                    continue;
                }

                if (source.Blob is null)
                {
                    var bytes = source.Key is null ? source.Inline : SegmentFormat.DecryptRange(source.Key, source.Inline.Span, source.InlineSize, 0, source.InlineSize);
                    if (source.Offset + source.Length > bytes.Length)
                    {
                        throw new IOException("An object's inline bytes are shorter than its metadata says.");
                    }

                    bytes = bytes.Slice((int)source.Offset, (int)source.Length);
                    md5?.AppendData(bytes.Span);
                    checksum?.Append(bytes.Span);
                    await destination.WriteAsync(bytes, cancellationToken);
                    continue;
                }

                await using var stream = (source.Key is null
                        ? await blobs.OpenReadAsync(source.BucketId!, source.Blob, source.Offset, source.Length, cancellationToken)
                        : await blobs.OpenDecryptedAsync(source.BucketId!, source.Blob, source.Segments!, source.Key, source.Offset, source.Length, cancellationToken))
                    ?? throw new IOException($"The blob {source.Blob} is missing.");
                var remaining = source.Length;
                while (remaining > 0)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(CopyBufferSize, remaining)), cancellationToken);
                    if (read == 0)
                    {
                        throw new IOException($"The blob {source.Blob} is shorter than its metadata says.");
                    }

                    md5?.AppendData(buffer, 0, read);
                    checksum?.Append(buffer.AsSpan(0, read));
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    remaining -= read;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (md5?.GetHashAndReset() ?? [], checksum is null ? null : Convert.ToBase64String(checksum.GetValue()));
    }
}

/// <summary>
/// Bytes to copy: a plaintext range of a blob (<see cref="Blob"/> of <see cref="BucketId"/>), or of an object's inline
/// bytes (<see cref="InlineSize"/> plaintext bytes). With a <see cref="Key"/> the stored bytes are encrypted
/// (<see cref="Segments"/> for a blob); without one they are read as they are.
/// </summary>
internal readonly record struct StoredRange(
    string? BucketId, string? Blob, ReadOnlyMemory<byte> Inline, long Offset, long Length, DataKey? Key = null, long InlineSize = 0)
{
    public IReadOnlyList<long>? Segments { get; init; }

    public static StoredRange OfBlob(string bucketId, string blob, long offset, long length) => new(bucketId, blob, default, offset, length);
}

/// <summary>
/// Receives a payload of a declared length into an array of exactly that length. Bytes beyond it are
/// counted but dropped, so a body longer than declared fails the length check without growing the buffer.
/// </summary>
internal sealed class InlineBuffer(int capacity) : WriteOnlyStream
{
    private long _written;

    public byte[] Data { get; } = new byte[capacity];

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_written < Data.Length)
        {
            var take = (int)Math.Min(buffer.Length, Data.Length - _written);
            buffer[..take].CopyTo(Data.AsSpan((int)_written));
        }

        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

}

/// <summary>
/// Receives bytes of a length not known in advance: in memory up to <see cref="BlobTransfer.MaxInlineBytes"/>, then
/// (those bytes first) into a new blob. Disposing it discards a blob not committed through <see cref="Writer"/>.
/// </summary>
internal sealed class InlineOrBlob(Func<IBlobWriter> createWriter) : WriteOnlyStream
{
    private readonly MemoryStream _memory = new();

    /// <summary>The blob the bytes went to, once they outgrew memory.</summary>
    public IBlobWriter? Writer { get; private set; }

    /// <summary>The bytes, while they are kept in memory.</summary>
    public byte[] Inline => _memory.ToArray();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Writer is null && _memory.Length + buffer.Length <= BlobTransfer.MaxInlineBytes)
        {
            _memory.Write(buffer.Span);
            return;
        }

        if (Writer is null)
        {
            Writer = createWriter();
            await Writer.Stream.WriteAsync(_memory.GetBuffer().AsMemory(0, (int)_memory.Length), cancellationToken);
            _memory.SetLength(0);
        }

        await Writer.Stream.WriteAsync(buffer, cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Writer is not null)
        {
            await Writer.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
