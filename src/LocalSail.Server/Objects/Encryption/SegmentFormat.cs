using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LocalSail.Server.Objects.Encryption;

/// <summary>
/// How encrypted object bytes are laid out. A <em>segment</em> is one stream of plaintext (an object written at
/// once, or one part of a multipart upload) encrypted with AES-256-GCM in chunks of <see cref="ChunkSize"/> bytes:
/// <code>
/// segment := "LSE1" || nonce prefix (8 random bytes) || chunk*
/// chunk i := ciphertext (up to ChunkSize bytes) || tag (16 bytes)
///            nonce = nonce prefix || i (4 bytes, big-endian); associated data = i (4 bytes) || final (1 byte)
/// </code>
/// Every segment has at least one chunk (an empty one has a single empty chunk), and exactly its last is final, so
/// a chunk that is altered, moved or dropped, and a segment cut short at a chunk's end, fail authentication. A range
/// is read by decrypting only the chunks it covers. A multipart object's bytes are its parts' segments one after
/// another, so completing an upload copies ciphertext and needs no key.
/// </summary>
internal static class SegmentFormat
{
    /// <summary>Plaintext bytes per chunk.</summary>
    public const int ChunkSize = 64 * 1024;

    public const int TagSize = 16;

    public const int NonceSize = 12;

    public const int NoncePrefixSize = 8;

    /// <summary>Magic and version (4 bytes), then the nonce prefix.</summary>
    public const int HeaderSize = 4 + NoncePrefixSize;

    /// <summary>A whole chunk as stored.</summary>
    public const int StoredChunkSize = ChunkSize + TagSize;

    public static ReadOnlySpan<byte> Magic => "LSE1"u8;

    /// <summary>The number of chunks a segment of <paramref name="plaintextLength"/> bytes has.</summary>
    public static long ChunkCount(long plaintextLength) => plaintextLength == 0 ? 1 : (plaintextLength + ChunkSize - 1) / ChunkSize;

    /// <summary>The stored size of a segment of <paramref name="plaintextLength"/> bytes.</summary>
    public static long StoredLength(long plaintextLength) => HeaderSize + plaintextLength + (TagSize * ChunkCount(plaintextLength));

    /// <summary>The stored size of an object whose segments hold <paramref name="segmentLengths"/> plaintext bytes.</summary>
    public static long StoredLength(IReadOnlyList<long> segmentLengths)
    {
        long total = 0;
        foreach (var length in segmentLengths)
        {
            total += StoredLength(length);
        }

        return total;
    }

    /// <summary>A fresh header: the magic and a random nonce prefix.</summary>
    public static void WriteHeader(Span<byte> header)
    {
        Magic.CopyTo(header);
        RandomNumberGenerator.Fill(header.Slice(4, NoncePrefixSize));
    }

    /// <summary>Checks a segment's header; its nonce prefix.</summary>
    public static ReadOnlySpan<byte> ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderSize || !header[..4].SequenceEqual(Magic))
        {
            throw new AuthenticationTagMismatchException("The stored bytes are not an encrypted segment.");
        }

        return header.Slice(4, NoncePrefixSize);
    }

    /// <summary>Encrypts chunk <paramref name="index"/> of a segment into <paramref name="stored"/> (ciphertext then tag).</summary>
    public static void EncryptChunk(AesGcm aes, ReadOnlySpan<byte> noncePrefix, uint index, bool final, ReadOnlySpan<byte> plaintext, Span<byte> stored)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> associated = stackalloc byte[5];
        Describe(noncePrefix, index, final, nonce, associated);
        aes.Encrypt(nonce, plaintext, stored[..plaintext.Length], stored.Slice(plaintext.Length, TagSize), associated);
    }

    /// <summary>Decrypts and authenticates chunk <paramref name="index"/> (ciphertext then tag) into <paramref name="plaintext"/>.</summary>
    public static void DecryptChunk(AesGcm aes, ReadOnlySpan<byte> noncePrefix, uint index, bool final, ReadOnlySpan<byte> stored, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> associated = stackalloc byte[5];
        Describe(noncePrefix, index, final, nonce, associated);
        var length = stored.Length - TagSize;
        aes.Decrypt(nonce, stored[..length], stored.Slice(length, TagSize), plaintext[..length], associated);
    }

    /// <summary>Encrypts a whole small segment at once (an object kept inline in its metadata row).</summary>
    public static byte[] EncryptSegment(DataKey key, ReadOnlySpan<byte> plaintext)
    {
        var stored = new byte[StoredLength(plaintext.Length)];
        WriteHeader(stored);
        using var aes = key.CreateAes();
        var prefix = stored.AsSpan(4, NoncePrefixSize);
        var chunks = ChunkCount(plaintext.Length);
        var position = HeaderSize;
        for (uint i = 0; i < chunks; i++)
        {
            var chunk = plaintext.Slice((int)(i * (long)ChunkSize), (int)Math.Min(ChunkSize, plaintext.Length - (i * (long)ChunkSize)));
            EncryptChunk(aes, prefix, i, i == chunks - 1, chunk, stored.AsSpan(position, chunk.Length + TagSize));
            position += chunk.Length + TagSize;
        }

        return stored;
    }

    /// <summary>Decrypts <paramref name="length"/> bytes from <paramref name="offset"/> of a whole segment held in memory.</summary>
    public static byte[] DecryptRange(DataKey key, ReadOnlySpan<byte> segment, long plaintextLength, long offset, long length)
    {
        using var aes = key.CreateAes();
        return DecryptRange(aes, segment, plaintextLength, offset, length);
    }

    /// <summary>
    /// As <see cref="DecryptRange(DataKey, ReadOnlySpan{byte}, long, long, long)"/>, with the cipher of the segment's
    /// key, used on this thread only and only until this call returns.
    /// </summary>
    public static byte[] DecryptRange(AesGcm aes, ReadOnlySpan<byte> segment, long plaintextLength, long offset, long length)
    {
        if (segment.Length != StoredLength(plaintextLength))
        {
            throw new AuthenticationTagMismatchException("The stored segment does not have the length its object's size implies.");
        }

        var prefix = ReadHeader(segment);
        var result = new byte[length];
        if (length == 0)
        {
            return result;
        }

        var last = ChunkCount(plaintextLength) - 1;
        var written = 0L;
        byte[]? plain = null;
        for (var i = offset / ChunkSize; written < length; i++)
        {
            var chunkStart = i * ChunkSize;
            var chunkLength = (int)Math.Min(ChunkSize, plaintextLength - chunkStart);
            var stored = segment.Slice((int)(HeaderSize + (i * StoredChunkSize)), chunkLength + TagSize);

            // A whole chunk the range wants goes straight into the result.
            if (chunkStart >= offset && chunkLength <= length - written)
            {
                DecryptChunk(aes, prefix, (uint)i, i == last, stored, result.AsSpan((int)written, chunkLength));
                written += chunkLength;
                continue;
            }

            plain ??= new byte[Math.Min(ChunkSize, plaintextLength)];
            DecryptChunk(aes, prefix, (uint)i, i == last, stored, plain);
            var from = (int)Math.Max(0, offset - chunkStart);
            var take = (int)Math.Min(chunkLength - from, length - written);
            plain.AsSpan(from, take).CopyTo(result.AsSpan((int)written));
            written += take;
        }

        return result;
    }

    private static void Describe(ReadOnlySpan<byte> noncePrefix, uint index, bool final, Span<byte> nonce, Span<byte> associated)
    {
        noncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[NoncePrefixSize..], index);
        BinaryPrimitives.WriteUInt32BigEndian(associated, index);
        associated[4] = final ? (byte)1 : (byte)0;
    }
}
