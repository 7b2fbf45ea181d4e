using System.Buffers;
using LocalSail.Server.DataPlane;

namespace LocalSail.Server.Objects.Encryption;

/// <summary>
/// Encrypts what is written to it into one segment (<see cref="SegmentFormat"/>) on <paramref name="destination"/>.
/// A chunk is encrypted once the next byte after it arrives, so the last one can be marked final when
/// <see cref="FinishAsync"/> is called; without that call the segment is incomplete and will not decrypt.
/// One stream serves one writer.
/// </summary>
internal sealed class EncryptingStream(Stream destination, DataKey key) : WriteOnlyStream
{
    // Encrypted chunks are gathered and written this many at a time (256 KiB, the size of the request body's
    // buffers): one write per quarter MiB, as for plaintext, rather than one per chunk.
    private const int ChunksPerWrite = 4;
    private const int GatheredCapacity = SegmentFormat.HeaderSize + (ChunksPerWrite * SegmentFormat.StoredChunkSize);

    private readonly System.Security.Cryptography.AesGcm _aes = key.CreateAes();
    private readonly byte[] _header = new byte[SegmentFormat.HeaderSize];
    private byte[]? _plain = ArrayPool<byte>.Shared.Rent(SegmentFormat.ChunkSize);
    private byte[]? _stored = ArrayPool<byte>.Shared.Rent(GatheredCapacity);
    private int _buffered;
    private int _storedCount;
    private uint _index;
    private long _written;
    private bool _started;
    private bool _finished;

    /// <summary>Plaintext bytes written.</summary>
    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_plain is null || _finished, this);
        _written += buffer.Length;
        while (!buffer.IsEmpty)
        {
            if (_buffered == SegmentFormat.ChunkSize)
            {
                await EncryptAsync(_plain.AsMemory(0, _buffered), final: false, cancellationToken);
                _buffered = 0;
            }

            // A whole chunk with more bytes after it is not the last: encrypted from the caller's buffer, not copied.
            if (_buffered == 0 && buffer.Length > SegmentFormat.ChunkSize)
            {
                await EncryptAsync(buffer[..SegmentFormat.ChunkSize], final: false, cancellationToken);
                buffer = buffer[SegmentFormat.ChunkSize..];
                continue;
            }

            var take = Math.Min(buffer.Length, SegmentFormat.ChunkSize - _buffered);
            buffer.Span[..take].CopyTo(_plain.AsSpan(_buffered));
            _buffered += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Encrypts the last chunk, marked final, and writes what is gathered. Nothing may be written after.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_plain is null || _finished, this);
        await EncryptAsync(_plain.AsMemory(0, _buffered), final: true, cancellationToken);
        _buffered = 0;
        await WriteGatheredAsync(cancellationToken);
        _finished = true;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing && _plain is not null)
        {
            _aes.Dispose();
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(_plain.AsSpan(0, SegmentFormat.ChunkSize));
            ArrayPool<byte>.Shared.Return(_plain);
            ArrayPool<byte>.Shared.Return(_stored!);
            _plain = null;
            _stored = null;
        }

        base.Dispose(disposing);
    }

    // The header goes out with the first chunks: one write rather than two.
    private async ValueTask EncryptAsync(ReadOnlyMemory<byte> plaintext, bool final, CancellationToken cancellationToken)
    {
        if (!_started)
        {
            SegmentFormat.WriteHeader(_header);
            _header.CopyTo(_stored.AsSpan());
            _storedCount = SegmentFormat.HeaderSize;
            _started = true;
        }

        var length = plaintext.Length + SegmentFormat.TagSize;
        if (_storedCount + length > GatheredCapacity)
        {
            await WriteGatheredAsync(cancellationToken);
        }

        SegmentFormat.EncryptChunk(_aes, _header.AsSpan(4, SegmentFormat.NoncePrefixSize), _index, final, plaintext.Span, _stored.AsSpan(_storedCount, length));
        _storedCount += length;
        _index++;
    }

    private async ValueTask WriteGatheredAsync(CancellationToken cancellationToken)
    {
        if (_storedCount > 0)
        {
            await destination.WriteAsync(_stored.AsMemory(0, _storedCount), cancellationToken);
            _storedCount = 0;
        }
    }
}
