using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LocalSail.Signing;

namespace LocalSail.Server.DataPlane.Payload;

/// <summary>
/// Streams a request body to a destination through one pooled buffer, undoing aws-chunked framing and
/// verifying everything the request declared: the payload SHA-256, every chunk signature, the trailer,
/// Content-MD5, the additional checksum and the length. The caller discards the destination on error.
/// </summary>
internal sealed class PayloadReader : IDisposable
{
    /// <summary>
    /// A raw body is read until this buffer is full before it is hashed and written: a few large writes and
    /// hash calls per MiB rather than one per socket read (typically a few KiB).
    /// </summary>
    private const int BufferSize = 256 * 1024;
    private const int MaxLineLength = 4096;
    private const string ChunkSignaturePrefix = "chunk-signature=";

    private readonly Stream _body;
    private readonly PayloadSpec _spec;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash? _sha256;
    private readonly Checksum? _checksum;
    private int _start;
    private int _end;
    private bool _eof;

    private PayloadReader(Stream body, PayloadSpec spec)
    {
        _body = body;
        _spec = spec;
        if (spec.ExpectedSha256 is not null || spec.Framing == PayloadFraming.SignedChunks)
        {
            _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        if (spec.ChecksumAlgorithm is not null)
        {
            _checksum = ChecksumAlgorithms.Create(spec.ChecksumAlgorithm);
        }
    }

    /// <summary>Copies the body into <paramref name="destination"/>; at most <paramref name="maxLength"/> payload bytes.</summary>
    public static async Task<PayloadResult> CopyAsync(Stream body, PayloadSpec spec, Stream destination, long maxLength, CancellationToken cancellationToken)
    {
        if (spec.DeclaredLength > maxLength)
        {
            return PayloadResult.Fail(S3Error.EntityTooLarge);
        }

        using var reader = new PayloadReader(body, spec);
        try
        {
            return await reader.RunAsync(destination, maxLength, cancellationToken);
        }
        catch (FormatException ex)
        {
            return PayloadResult.Fail(S3Error.IncompleteBody.WithMessage("The chunked body is malformed: " + ex.Message));
        }
        catch (UnreadableBodyException ex)
        {
            return PayloadResult.Fail(S3Error.IncompleteBody.WithMessage(ex.Message));
        }
    }

    private async Task<PayloadResult> RunAsync(Stream destination, long maxLength, CancellationToken cancellationToken)
    {
        long length;
        string? trailerChecksum = null;
        if (_spec.Framing == PayloadFraming.Raw)
        {
            length = 0;
            while (true)
            {
                var read = await ReadBodyFullyAsync(_buffer.AsMemory(0, BufferSize), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxLength)
                {
                    return PayloadResult.Fail(S3Error.EntityTooLarge);
                }

                await ConsumeAsync(_buffer.AsMemory(0, read), destination, cancellationToken);
                if (read < BufferSize)
                {
                    break;
                }
            }

            if (_spec.ExpectedSha256 is not null && Convert.ToHexStringLower(_sha256!.GetHashAndReset()) != _spec.ExpectedSha256)
            {
                return PayloadResult.Fail(S3Error.XAmzContentSHA256Mismatch);
            }
        }
        else
        {
            var (error, chunkedLength, trailer) = await ReadChunksAsync(destination, maxLength, cancellationToken);
            if (error is not null)
            {
                return PayloadResult.Fail(error);
            }

            length = chunkedLength;
            trailerChecksum = trailer;
        }

        if (_spec.DeclaredLength is { } declared && declared != length)
        {
            return PayloadResult.Fail(S3Error.IncompleteBody);
        }

        var md5 = _md5.GetHashAndReset();
        if (_spec.ContentMd5 is not null && !CryptographicOperations.FixedTimeEquals(md5, _spec.ContentMd5))
        {
            return PayloadResult.Fail(S3Error.BadDigest);
        }

        string? checksum = null;
        if (_checksum is not null)
        {
            checksum = Convert.ToBase64String(_checksum.GetValue());
            var expected = _spec.ExpectedChecksum ?? trailerChecksum;
            if (_spec.TrailerChecksumHeader is not null && trailerChecksum is null)
            {
                return PayloadResult.Fail(S3Error.InvalidRequest.WithMessage($"The trailer {_spec.TrailerChecksumHeader} was declared but not sent."));
            }

            if (expected is not null && expected != checksum)
            {
                return PayloadResult.Fail(S3Error.BadDigest.WithMessage($"The {_spec.ChecksumAlgorithm} you specified did not match the calculated checksum."));
            }
        }

        return new PayloadResult(null, length, md5, checksum);
    }

    private async Task<(S3Error? Error, long Length, string? TrailerChecksum)> ReadChunksAsync(Stream destination, long maxLength, CancellationToken cancellationToken)
    {
        var signing = _spec.Signing;
        var signed = _spec.Framing == PayloadFraming.SignedChunks;
        if (signed && signing is null)
        {
            return (S3Error.InvalidRequest.WithMessage("A signed chunked payload needs a signed request."), 0, null);
        }

        var previousSignature = signing?.Signature;
        long total = 0;
        while (true)
        {
            var header = await ReadLineAsync(cancellationToken) ?? throw new FormatException("the body ended before the last chunk.");
            var semicolon = header.IndexOf(';');
            var sizeText = semicolon < 0 ? header : header[..semicolon];
            if (!long.TryParse(sizeText.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new FormatException($"'{Truncate(header)}' is not a chunk header.");
            }

            string? chunkSignature = null;
            if (semicolon >= 0)
            {
                var extension = header[(semicolon + 1)..].Trim();
                if (extension.StartsWith(ChunkSignaturePrefix, StringComparison.Ordinal))
                {
                    chunkSignature = extension[ChunkSignaturePrefix.Length..];
                }
            }

            if (signed && chunkSignature is null)
            {
                return (S3Error.IncompleteBody.WithMessage("A chunk has no chunk-signature."), 0, null);
            }

            total += size;
            if (total > maxLength)
            {
                return (S3Error.EntityTooLarge, 0, null);
            }

            await CopyExactAsync(size, destination, cancellationToken);
            if (signed)
            {
                var chunkHash = Convert.ToHexStringLower(_sha256!.GetHashAndReset());
                var stringToSign = string.Concat(
                    "AWS4-HMAC-SHA256-PAYLOAD\n", signing!.AmzDate, "\n", signing.Scope, "\n", previousSignature, "\n", SigV4.EmptyPayloadHash, "\n", chunkHash);
                var expected = SigV4.ComputeSignature(signing.SigningKey, stringToSign);
                if (!SigV4.SignaturesEqual(expected, chunkSignature!))
                {
                    return (S3Error.InvalidChunkSignature, 0, null);
                }

                previousSignature = expected;
            }

            if (size == 0)
            {
                break;
            }

            if (await ReadLineAsync(cancellationToken) is not { Length: 0 })
            {
                throw new FormatException("a chunk is not followed by CRLF.");
            }
        }

        // Trailers: header lines up to an empty line (or the end of the body).
        string? checksum = null;
        string? trailerSignature = null;
        var trailerText = new StringBuilder();
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new FormatException($"'{Truncate(line)}' is not a trailer.");
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name == "x-amz-trailer-signature")
            {
                trailerSignature = value;
                continue;
            }

            trailerText.Append(name).Append(':').Append(value).Append('\n');
            if (name == _spec.TrailerChecksumHeader)
            {
                checksum = value;
            }
        }

        if (_spec.HasSignedTrailer && _spec.TrailerChecksumHeader is not null)
        {
            var stringToSign = string.Concat(
                "AWS4-HMAC-SHA256-TRAILER\n", signing!.AmzDate, "\n", signing.Scope, "\n", previousSignature, "\n", SigV4.Sha256Hex(trailerText.ToString()));
            var expected = SigV4.ComputeSignature(signing.SigningKey, stringToSign);
            if (trailerSignature is null || !SigV4.SignaturesEqual(expected, trailerSignature))
            {
                return (S3Error.InvalidChunkSignature.WithMessage("The trailer signature we calculated does not match the signature you provided."), 0, null);
            }
        }

        return (null, total, checksum);
    }

    private async ValueTask ConsumeAsync(ReadOnlyMemory<byte> data, Stream destination, CancellationToken cancellationToken)
    {
        _md5.AppendData(data.Span);
        _sha256?.AppendData(data.Span);
        _checksum?.Append(data.Span);
        await destination.WriteAsync(data, cancellationToken);
    }

    private async Task CopyExactAsync(long count, Stream destination, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                throw new FormatException("the body ended inside a chunk.");
            }

            var take = (int)Math.Min(count, _end - _start);
            await ConsumeAsync(_buffer.AsMemory(_start, take), destination, cancellationToken);
            _start += take;
            count -= take;
        }
    }

    /// <summary>The next CRLF-terminated line without its CRLF; null at the end of the body.</summary>
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineLength = newline > 0 && available[newline - 1] == '\r' ? newline - 1 : newline;
                var line = Encoding.ASCII.GetString(available[..lineLength]);
                _start += newline + 1;
                return line;
            }

            if (_end - _start > MaxLineLength)
            {
                throw new FormatException("a chunk header is too long.");
            }

            if (!await FillAsync(cancellationToken))
            {
                if (_start == _end)
                {
                    return null;
                }

                var rest = Encoding.ASCII.GetString(_buffer, _start, _end - _start);
                _start = _end;
                return rest;
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return false;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await ReadBodyAsync(_buffer.AsMemory(_end, BufferSize - _end), cancellationToken);
        if (read == 0)
        {
            _eof = true;
            return false;
        }

        _end += read;
        return true;
    }

    /// <summary>Reads the request body until <paramref name="buffer"/> is full or the body ends; the bytes read.</summary>
    private async ValueTask<int> ReadBodyFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await ReadBodyAsync(buffer[filled..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    /// <summary>
    /// Reads the request body. The HTTP layer reports a body it cannot decode (a chunk size too large to
    /// read, a body cut short) as an <see cref="IOException"/>: the client's framing, not a fault here.
    /// </summary>
    private async ValueTask<int> ReadBodyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _body.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested && !Hosting.ClientDisconnect.Is(ex))
        {
            throw new UnreadableBodyException(ex);
        }
    }

    /// <summary>The request body could not be read to its end: its framing is broken (a client that went away is not this).</summary>
    private sealed class UnreadableBodyException(IOException inner) : Exception("The body could not be read: " + inner.Message, inner);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _md5.Dispose();
        _sha256?.Dispose();
    }
}
