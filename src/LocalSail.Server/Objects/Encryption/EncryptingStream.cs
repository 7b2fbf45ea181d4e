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
    private readonly System.Security.Cryptography.AesGcm _aes = key.CreateAes();
    private readonly byte[] _header = new byte[SegmentFormat.HeaderSize];
    private byte[]? _plain = ArrayPool<byte>.Shared.Rent(SegmentFormat.ChunkSize);
    private byte[]? _stored = ArrayPool<byte>.Shared.Rent(SegmentFormat.HeaderSize + SegmentFormat.StoredChunkSize);
    private int _buffered;
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
        while (!buffer.IsEmpty)
        {
            if (_buffered == SegmentFormat.ChunkSize)
            {
                await FlushChunkAsync(final: false, cancellationToken);
            }

            var take = Math.Min(buffer.Length, SegmentFormat.ChunkSize - _buffered);
            buffer.Span[..take].CopyTo(_plain.AsSpan(_buffered));
            _buffered += take;
            _written += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Encrypts the last chunk, marked final. Nothing may be written after.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_plain is null || _finished, this);
        await FlushChunkAsync(final: true, cancellationToken);
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

    // The header goes out with the first chunk: one write rather than two.
    private async ValueTask FlushChunkAsync(bool final, CancellationToken cancellationToken)
    {
        var start = 0;
        if (!_started)
        {
            SegmentFormat.WriteHeader(_header);
            _header.CopyTo(_stored.AsSpan());
            start = SegmentFormat.HeaderSize;
            _started = true;
        }

        var length = _buffered + SegmentFormat.TagSize;
        SegmentFormat.EncryptChunk(_aes, _header.AsSpan(4, SegmentFormat.NoncePrefixSize), _index, final, _plain.AsSpan(0, _buffered), _stored.AsSpan(start, length));
        await destination.WriteAsync(_stored.AsMemory(0, start + length), cancellationToken);
        _index++;
        _buffered = 0;
    }
}
