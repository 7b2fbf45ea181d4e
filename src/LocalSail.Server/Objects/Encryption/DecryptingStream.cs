using System.Buffers;
using System.Security.Cryptography;

namespace LocalSail.Server.Objects.Encryption;

/// <summary>Opens a range of an object's stored (encrypted) bytes: offset and length in the stored bytes.</summary>
internal delegate ValueTask<Stream?> StoredRangeOpener(long offset, long length, CancellationToken cancellationToken);

/// <summary>
/// Reads <paramref name="length"/> plaintext bytes from <paramref name="offset"/> of an encrypted object whose segments
/// hold <paramref name="segmentLengths"/> plaintext bytes each (one for an object written at once, one per part of
/// a multipart object). Only the chunks the range covers are read and decrypted; each is authenticated before any
/// of its bytes is returned, so altered, reordered or missing bytes end the read with an exception, never with
/// wrong data.
/// </summary>
internal sealed class DecryptingStream : Stream
{
    // Up to this many whole chunks are read at once (256 KiB, the size of the response's buffers): one read and one
    // copy per quarter MiB, as for plaintext, rather than one per chunk.
    private const int ChunksPerRead = 4;

    private readonly StoredRangeOpener _open;
    private readonly IReadOnlyList<long> _segments;
    private readonly AesGcm _aes;
    private readonly long _end;
    private byte[]? _plain = ArrayPool<byte>.Shared.Rent(SegmentFormat.ChunkSize);
    private byte[]? _stored = ArrayPool<byte>.Shared.Rent(ChunksPerRead * SegmentFormat.StoredChunkSize);
    private readonly byte[] _noncePrefix = new byte[SegmentFormat.NoncePrefixSize];
    private long _position;
    private int _plainOffset;
    private int _plainCount;

    // The segment being read: its index, where its plaintext and its stored bytes begin, and the stored chunks open.
    private int _segment = -1;
    private long _segmentPlainStart;
    private long _segmentStoredStart;
    private long _nextChunk;
    private Stream? _chunks;

    private readonly IDisposable? _owned;

    /// <param name="owned">What the opened ranges read from (a file handle), disposed with this stream.</param>
    public DecryptingStream(StoredRangeOpener open, IReadOnlyList<long> segmentLengths, DataKey key, long offset, long length, IDisposable? owned = null)
    {
        _open = open;
        _owned = owned;
        _segments = segmentLengths;
        _aes = key.CreateAes();
        _position = offset;
        _end = offset + length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_plain is null, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_plainCount > 0)
        {
            return TakeDecrypted(buffer.Span);
        }

        if (_position >= _end)
        {
            return 0;
        }

        await PositionAsync(cancellationToken);
        var segmentLength = _segments[_segment];
        var chunk = _nextChunk;
        var chunkStart = _segmentPlainStart + (chunk * SegmentFormat.ChunkSize);
        var lastChunk = SegmentFormat.ChunkCount(segmentLength) - 1;

        // Whole chunks the range wants and the caller has room for: read together, decrypted straight into its buffer.
        if (_position == chunkStart)
        {
            var wholeChunks = 0;
            var plainLength = 0;
            while (wholeChunks < ChunksPerRead && chunk + wholeChunks <= lastChunk)
            {
                var length = ChunkLength(segmentLength, chunk + wholeChunks);
                if (chunkStart + plainLength + length > _end || plainLength + length > buffer.Length)
                {
                    break;
                }

                plainLength += length;
                wholeChunks++;
            }

            if (wholeChunks > 0)
            {
                var storedRun = _stored.AsMemory(0, plainLength + (wholeChunks * SegmentFormat.TagSize));
                await _chunks!.ReadExactlyAsync(storedRun, cancellationToken);
                var (storedAt, plainAt) = (0, 0);
                for (var i = 0; i < wholeChunks; i++)
                {
                    var length = ChunkLength(segmentLength, chunk + i);
                    SegmentFormat.DecryptChunk(
                        _aes, _noncePrefix, (uint)(chunk + i), chunk + i == lastChunk, _stored.AsSpan(storedAt, length + SegmentFormat.TagSize), buffer.Span.Slice(plainAt, length));
                    storedAt += length + SegmentFormat.TagSize;
                    plainAt += length;
                }

                _nextChunk += wholeChunks;
                _position += plainLength;
                return plainLength;
            }
        }

        // Part of a chunk (the range starts or ends inside it, or the caller's buffer is smaller): through our buffer.
        var chunkLength = ChunkLength(segmentLength, chunk);
        var stored = _stored.AsMemory(0, chunkLength + SegmentFormat.TagSize);
        await _chunks!.ReadExactlyAsync(stored, cancellationToken);
        _nextChunk++;
        SegmentFormat.DecryptChunk(_aes, _noncePrefix, (uint)chunk, chunk == lastChunk, stored.Span, _plain);
        _plainOffset = (int)(_position - chunkStart);
        _plainCount = (int)Math.Min(chunkLength - _plainOffset, _end - _position);
        return TakeDecrypted(buffer.Span);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (_chunks is not null)
        {
            await _chunks.DisposeAsync();
            _chunks = null;
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _plain is not null)
        {
            _chunks?.Dispose();
            _chunks = null;
            _owned?.Dispose();
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain.AsSpan(0, SegmentFormat.ChunkSize));
            ArrayPool<byte>.Shared.Return(_plain);
            ArrayPool<byte>.Shared.Return(_stored!);
            _plain = null;
            _stored = null;
        }

        base.Dispose(disposing);
    }

    private static int ChunkLength(long segmentLength, long chunk) => (int)Math.Min(SegmentFormat.ChunkSize, segmentLength - (chunk * SegmentFormat.ChunkSize));

    private int TakeDecrypted(Span<byte> destination)
    {
        var take = Math.Min(destination.Length, _plainCount);
        _plain.AsSpan(_plainOffset, take).CopyTo(destination);
        _plainOffset += take;
        _plainCount -= take;
        _position += take;
        return take;
    }

    /// <summary>Makes <see cref="_chunks"/> the stored chunks from the one holding <see cref="_position"/>.</summary>
    private async ValueTask PositionAsync(CancellationToken cancellationToken)
    {
        if (_segment >= 0 && _position < _segmentPlainStart + _segments[_segment])
        {
            return;
        }

        if (_chunks is not null)
        {
            await _chunks.DisposeAsync();
            _chunks = null;
        }

        // The segment holding _position: segments are walked from the one before (or the first).
        if (_segment < 0)
        {
            _segment = 0;
            _segmentPlainStart = 0;
            _segmentStoredStart = 0;
        }
        else
        {
            _segmentPlainStart += _segments[_segment];
            _segmentStoredStart += SegmentFormat.StoredLength(_segments[_segment]);
            _segment++;
        }

        while (_segment < _segments.Count && _position >= _segmentPlainStart + _segments[_segment])
        {
            _segmentPlainStart += _segments[_segment];
            _segmentStoredStart += SegmentFormat.StoredLength(_segments[_segment]);
            _segment++;
        }

        if (_segment >= _segments.Count)
        {
            throw new IOException("A read past the end of an object's encrypted bytes.");
        }

        var segmentLength = _segments[_segment];
        var firstChunk = (_position - _segmentPlainStart) / SegmentFormat.ChunkSize;
        var lastPlain = Math.Min(_end, _segmentPlainStart + segmentLength) - 1 - _segmentPlainStart;
        var lastChunk = lastPlain / SegmentFormat.ChunkSize;
        var chunksStart = SegmentFormat.HeaderSize + (firstChunk * SegmentFormat.StoredChunkSize);
        var chunksEnd = SegmentFormat.HeaderSize + Math.Min(segmentLength + ((lastChunk + 1) * SegmentFormat.TagSize), (lastChunk + 1) * SegmentFormat.StoredChunkSize);

        // From the segment's start when the first chunk is wanted: the header and the chunks in one read.
        var from = firstChunk == 0 ? 0 : chunksStart;
        var stream = await _open(_segmentStoredStart + from, chunksEnd - from, cancellationToken)
            ?? throw new IOException("An object's encrypted bytes are missing.");
        if (firstChunk > 0)
        {
            await using var header = await _open(_segmentStoredStart, SegmentFormat.HeaderSize, cancellationToken)
                ?? throw new IOException("An object's encrypted bytes are missing.");
            await ReadHeaderAsync(header, cancellationToken);
        }
        else
        {
            await ReadHeaderAsync(stream, cancellationToken);
        }

        _chunks = stream;
        _nextChunk = firstChunk;
    }

    private async ValueTask ReadHeaderAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[SegmentFormat.HeaderSize];
        await stream.ReadExactlyAsync(header, cancellationToken);
        SegmentFormat.ReadHeader(header).CopyTo(_noncePrefix);
    }
}
